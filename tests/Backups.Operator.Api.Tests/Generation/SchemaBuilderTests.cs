using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Backups.Operator.Api.Schema;
using Backups.Operator.CrdGenerator.Generation;
using k8s.Models;

namespace Backups.Operator.Api.Tests.Generation;

public sealed class SchemaBuilderTests
{
    private static readonly V1JSONSchemaProps Sample = SchemaBuilder.ForObject(typeof(SampleSpec));

    [Theory]
    [InlineData("count", "integer", "int32")]
    [InlineData("optionalCount", "integer", "int32")]
    [InlineData("id", "integer", "int64")]
    [InlineData("size", "number", null)]
    [InlineData("enabled", "boolean", null)]
    [InlineData("name", "string", null)]
    [InlineData("at", "string", "date-time")]
    [InlineData("color", "string", null)]
    [InlineData("tags", "array", null)]
    [InlineData("child", "object", null)]
    public void Maps_clr_types_to_openapi_types(string property, string type, string? format)
    {
        Sample.Properties[property].Type.Should().Be(type);
        Sample.Properties[property].Format.Should().Be(format);
    }

    [Fact]
    public void Properties_come_in_declaration_order_under_their_json_names()
    {
        Sample.Properties.Keys.Should().Equal(
            "count", "optionalCount", "id", "size", "enabled", "name", "at", "color", "tags", "child", "children", "renamed");
    }

    [Fact]
    public void Json_ignored_properties_are_left_out()
    {
        Sample.Properties.Should().NotContainKey("ignored");
    }

    [Fact]
    public void Enums_are_strings_with_their_json_member_names_in_declaration_order()
    {
        Sample.Properties["color"].EnumProperty.Should().Equal("Red", "light-green");
    }

    [Fact]
    public void Lists_describe_their_items()
    {
        ((V1JSONSchemaProps)Sample.Properties["tags"].Items).Type.Should().Be("string");
        var children = (V1JSONSchemaProps)Sample.Properties["children"].Items;
        children.Type.Should().Be("object");
        children.Description.Should().Be("A child.");
        children.Properties.Keys.Should().Equal("value");
    }

    [Fact]
    public void Required_lists_the_required_properties_and_nested_objects_have_their_own()
    {
        Sample.Required.Should().Equal("count", "name");
        Sample.Properties["child"].Required.Should().Equal("value");
    }

    [Fact]
    public void Range_bounds_are_published_except_at_the_limits_of_the_type()
    {
        Sample.Properties["count"].Minimum.Should().Be(1);
        Sample.Properties["count"].Maximum.Should().Be(20);
        Sample.Properties["id"].Minimum.Should().Be(1);
        Sample.Properties["id"].Maximum.Should().BeNull("long.MaxValue is the type's own limit");
        Sample.Properties["size"].Minimum.Should().Be(0.5);
    }

    [Fact]
    public void String_length_pattern_and_allowed_values()
    {
        var name = Sample.Properties["name"];

        name.MinLength.Should().Be(2);
        name.MaxLength.Should().Be(63);
        name.Pattern.Should().Be("^[a-z]+$");
        Sample.Properties["renamed"].EnumProperty.Should().Equal("a", "b");
        Sample.Properties["tags"].MaxItems.Should().Be(5);
    }

    [Fact]
    public void Descriptions_come_from_the_property_else_from_its_type()
    {
        Sample.Description.Should().Be("A sample.");
        Sample.Properties["count"].Description.Should().Be("How many.");
        Sample.Properties["child"].Description.Should().Be("A child.");
        Sample.Properties["id"].Description.Should().BeNull();
    }

    [Fact]
    public void Defaults_keep_their_clr_type()
    {
        Sample.Properties["optionalCount"].DefaultProperty.Should().Be(7);
        Sample.Properties["enabled"].DefaultProperty.Should().Be(true);
        Sample.Properties["color"].DefaultProperty.Should().Be("Red");
    }

    [Fact]
    public void Validation_rules_land_on_the_property_and_on_the_type()
    {
        Sample.Properties["id"].XKubernetesValidations.Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new V1ValidationRule { Rule = "self == oldSelf", Message = "id is immutable" });
        Sample.XKubernetesValidations.Should().ContainSingle().Which.Rule.Should().Be("self.count <= 20");
    }

    [Fact]
    public void List_maps_publish_their_keys()
    {
        Sample.Properties["children"].XKubernetesListType.Should().Be("map");
        Sample.Properties["children"].XKubernetesListMapKeys.Should().Equal("value");
    }

    [Fact]
    public void Types_without_a_mapping_fail_loudly()
    {
        var act = () => SchemaBuilder.ForObject(typeof(WithDictionary));

        act.Should().Throw<NotSupportedException>().WithMessage("*Dictionary*");
    }

    [Fact]
    public void A_list_map_on_a_scalar_fails_loudly()
    {
        var act = () => SchemaBuilder.ForObject(typeof(WithMisplacedListMap));

        act.Should().Throw<NotSupportedException>().WithMessage("*Value*ListMap*");
    }

    [Description("A sample.")]
    [ValidationRule("self.count <= 20", "count is at most 20")]
    private sealed class SampleSpec
    {
        [Required, Range(1, 20), Description("How many.")]
        public int Count { get; set; }

        [DefaultValue(7)]
        public int? OptionalCount { get; set; }

        [Range(1, long.MaxValue), Immutable("id is immutable")]
        public long? Id { get; set; }

        [Range(0.5, double.MaxValue)]
        public double? Size { get; set; }

        [DefaultValue(true)]
        public bool? Enabled { get; set; }

        [Required, StringLength(63, MinimumLength = 2), RegularExpression("^[a-z]+$")]
        public string Name { get; set; } = "";

        public DateTimeOffset? At { get; set; }

        [DefaultValue("Red")]
        public SampleColor? Color { get; set; }

        [MaxLength(5)]
        public List<string>? Tags { get; set; }

        public SampleChild? Child { get; set; }

        [ListMap("value")]
        public IReadOnlyList<SampleChild>? Children { get; set; }

        [JsonPropertyName("renamed"), AllowedValues("a", "b")]
        public string? SomethingElse { get; set; }

        [JsonIgnore]
        public string? Ignored { get; set; }
    }

    [Description("A child.")]
    private sealed class SampleChild
    {
        [Required]
        public string Value { get; set; } = "";
    }

    [JsonConverter(typeof(JsonStringEnumConverter<SampleColor>))]
    private enum SampleColor
    {
        Red,

        [JsonStringEnumMemberName("light-green")]
        LightGreen,
    }

    private sealed class WithDictionary
    {
        public Dictionary<string, string>? Labels { get; set; }
    }

    private sealed class WithMisplacedListMap
    {
        [ListMap("key")]
        public string? Value { get; set; }
    }
}
