using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Schemas;

namespace Backups.Operator.ApiServer.Tests.Schemas;

public sealed class StructuralSchemaTests
{
    private static readonly JsonObject Schema = JsonNode.Parse("""
        {
          "type": "object",
          "properties": {
            "spec": {
              "type": "object",
              "required": ["dropletId", "plan"],
              "properties": {
                "dropletId": { "type": "integer", "minimum": 1, "x-kubernetes-validations": [{ "rule": "self == oldSelf", "message": "dropletId is immutable" }] },
                "plan": { "type": "string", "enum": ["Basic", "Advanced", "Pro"] },
                "schedule": { "type": "string", "pattern": "^(\\S+\\s+){4}\\S+$", "maxLength": 20 },
                "expireAfterDays": { "type": "integer", "minimum": 1, "maximum": 90, "default": 90 },
                "startedAt": { "type": "string", "format": "date-time" },
                "note": { "type": "string", "nullable": true },
                "tags": { "type": "array", "maxItems": 2, "items": { "type": "string" } },
                "labels": { "type": "object", "additionalProperties": { "type": "string" } },
                "extra": { "type": "object", "x-kubernetes-preserve-unknown-fields": true },
                "port": { "x-kubernetes-int-or-string": true }
              },
              "x-kubernetes-validations": [{ "rule": "!has(self.schedule) || self.plan != 'Basic'", "message": "Basic has no schedule" }]
            },
            "status": { "type": "object", "x-kubernetes-preserve-unknown-fields": true }
          }
        }
        """)!.AsObject();

    private static StructuralSchema Compile()
    {
        var errors = new List<FieldError>();
        var schema = StructuralSchema.Compile(Schema, "spec.versions[0].schema.openAPIV3Schema", errors);
        errors.Should().BeEmpty();
        return schema;
    }

    private static JsonObject Policy(string spec) => JsonNode.Parse($$"""{"apiVersion":"x/v1","kind":"P","metadata":{"name":"p"},"spec":{{spec}}}""")!.AsObject();

    private static List<FieldError> Validate(JsonObject value, JsonObject? old = null)
    {
        var errors = new List<FieldError>();
        Compile().Validate(value, old, errors);
        return errors;
    }

    [Fact]
    public void Prune_removes_and_reports_unknown_fields_but_keeps_preserved_subtrees_and_maps()
    {
        var value = Policy("""{"dropletId":1,"plan":"Pro","bogus":1,"extra":{"any":{"thing":1}},"labels":{"a":"b"},"note":null}""");
        value["metadata"]!["colour"] = "red";

        var unknown = Compile().Prune(value);

        unknown.Should().BeEquivalentTo("spec.bogus", "metadata.colour");
        value["spec"]!["extra"]!["any"]!["thing"]!.GetValue<int>().Should().Be(1);
        value["spec"]!["labels"]!["a"]!.GetValue<string>().Should().Be("b");
        value["spec"]!.AsObject().ContainsKey("note").Should().BeTrue("a nullable field keeps its null");
    }

    [Fact]
    public void Defaults_fill_missing_fields_only()
    {
        var missing = Policy("""{"dropletId":1,"plan":"Pro"}""");
        var present = Policy("""{"dropletId":1,"plan":"Pro","expireAfterDays":30}""");

        Compile().ApplyDefaults(missing);
        Compile().ApplyDefaults(present);

        missing["spec"]!["expireAfterDays"]!.GetValue<int>().Should().Be(90);
        present["spec"]!["expireAfterDays"]!.GetValue<int>().Should().Be(30);
    }

    [Fact]
    public void Validation_names_each_field_like_the_real_server()
    {
        var errors = Validate(Policy("""{"plan":"Gold","schedule":"nope","expireAfterDays":91,"startedAt":"yesterday","tags":["a","b","c"],"port":1.5}"""));

        errors.Select(e => e.ToString()).Should().BeEquivalentTo(
            "spec.dropletId: Required value",
            "spec.plan: Unsupported value: \"Gold\": supported values: \"Basic\", \"Advanced\", \"Pro\"",
            "spec.schedule: Invalid value: \"nope\": spec.schedule in body should match '^(\\S+\\s+){4}\\S+$'",
            "spec.expireAfterDays: Invalid value: 91: spec.expireAfterDays in body should be less than or equal to 90",
            "spec.startedAt: Invalid value: \"yesterday\": spec.startedAt in body must be of type date-time: \"yesterday\"",
            "spec.tags: Too many: 3: must have at most 2 items",
            "spec.port: Invalid value: \"number\": spec.port in body must be of type integer,string: \"number\"");
    }

    [Theory]
    [InlineData("91", "spec.expireAfterDays: Invalid value: 91: spec.expireAfterDays in body should be less than or equal to 90")]
    [InlineData("9223372036854775807", "spec.expireAfterDays: Invalid value: 9223372036854775807: spec.expireAfterDays in body should be less than or equal to 90")]
    [InlineData("9223372036854775808", "spec.expireAfterDays: Invalid value: \"number\": spec.expireAfterDays in body must be of type integer: \"number\"")]
    [InlineData("18446744073709551617", "spec.expireAfterDays: Invalid value: \"number\": spec.expireAfterDays in body must be of type integer: \"number\"")]
    [InlineData("9007199254740993.0", "spec.expireAfterDays: Invalid value: \"number\": spec.expireAfterDays in body must be of type integer: \"number\"")]
    [InlineData("1e300", "spec.expireAfterDays: Invalid value: \"number\": spec.expireAfterDays in body must be of type integer: \"number\"")]
    public void Out_of_range_integers_are_refused_as_the_real_server_refuses_them(string literal, string expected)
    {
        // The real server decodes integers that fit into int64 and others into float64; an integer field takes a float64
        // only when it is whole and within 2^53 - 1.
        var errors = Validate(Policy($$"""{"dropletId":1,"plan":"Pro","expireAfterDays":{{literal}}}"""));

        errors.Select(e => e.ToString()).Should().Equal(expected);
    }

    [Theory]
    [InlineData(90, "90")]
    [InlineData(10080, "10080")]
    [InlineData(100000, "100000")]
    [InlineData(1000000, "1e+06")]
    [InlineData(1e15, "1e+15")]
    [InlineData(9.223372036854776e18, "9.223372036854776e+18")]
    [InlineData(1234567, "1.234567e+06")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-20, "-20")]
    public void Numbers_in_messages_print_like_Go_percent_v(double value, string expected) =>
        GoNumbers.Format(value).Should().Be(expected);

    [Theory]
    [InlineData("2026-11-26T14:17:21Z", true)]
    [InlineData("2026-11-26T14:17:21.921084Z", true)]
    [InlineData("2026-11-26T14:17:21.123456789Z", true)]
    [InlineData("2026-11-26T14:17:21+01:00", true)]
    [InlineData("2026-11-26T14:17:21.5-05:30", true)]
    [InlineData("2026-11-26", false)]
    [InlineData("2026-13-26T14:17:21Z", false)]
    [InlineData("2026-11-26T14:17:21", false)]
    [InlineData("2026-11-26T14:17:21.Z", false)]
    public void Date_time_accepts_rfc3339_with_any_fraction(string value, bool valid)
    {
        var errors = Validate(Policy($$"""{"dropletId":1,"plan":"Pro","startedAt":"{{value}}"}"""));

        errors.Should().HaveCount(valid ? 0 : 1);
    }

    [Fact]
    public void Type_errors_are_reported_with_the_expected_type()
    {
        var errors = Validate(Policy("""{"dropletId":"one","plan":"Pro"}"""));

        errors.Should().ContainSingle().Which.ToString().Should().Be("spec.dropletId: Invalid value: \"string\": spec.dropletId in body must be of type integer: \"string\"");
    }

    [Fact]
    public void Transition_rules_compare_with_the_old_object_and_are_skipped_on_create()
    {
        var created = Validate(Policy("""{"dropletId":1,"plan":"Pro"}"""));
        var unchanged = Validate(Policy("""{"dropletId":1,"plan":"Advanced"}"""), Policy("""{"dropletId":1,"plan":"Pro"}"""));
        var changed = Validate(Policy("""{"dropletId":2,"plan":"Pro"}"""), Policy("""{"dropletId":1,"plan":"Pro"}"""));

        created.Should().BeEmpty();
        unchanged.Should().BeEmpty();
        changed.Should().ContainSingle().Which.ToString().Should().Be("spec.dropletId: Invalid value: \"integer\": dropletId is immutable");
    }

    [Fact]
    public void Object_level_rules_see_their_whole_object()
    {
        var errors = Validate(Policy("""{"dropletId":1,"plan":"Basic","schedule":"0 3 * * *"}"""));

        errors.Should().ContainSingle().Which.ToString().Should().Be("spec: Invalid value: \"object\": Basic has no schedule");
    }

    [Fact]
    public void Unsupported_rules_and_message_expressions_are_compile_errors()
    {
        var schema = JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object",
              "x-kubernetes-validations":[{"rule":"self.map(x, x)"},{"rule":"true","messageExpression":"'m'"},{"rule":"self.a =="}]}}}
            """)!.AsObject();
        var errors = new List<FieldError>();

        StructuralSchema.Compile(schema, "s", errors);

        errors.Select(e => e.Field).Should().BeEquivalentTo(
            "s.properties[spec].x-kubernetes-validations[0].rule",
            "s.properties[spec].x-kubernetes-validations[1].messageExpression",
            "s.properties[spec].x-kubernetes-validations[2].rule");
    }
}
