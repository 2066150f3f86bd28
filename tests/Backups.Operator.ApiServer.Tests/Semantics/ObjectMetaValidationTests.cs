using System.Net;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Semantics;
using Backups.Operator.ApiServer.Tests.Infrastructure;
using k8s.Autorest;
using static Backups.Operator.ApiServer.Tests.Infrastructure.TestServers;

namespace Backups.Operator.ApiServer.Tests.Semantics;

/// <summary>Label and annotation validation with apimachinery's messages (ValidateLabels / ValidateAnnotations).</summary>
public sealed class ObjectMetaValidationTests
{
    private const string QualifiedNamePattern = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private const string LabelValuePattern = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private static List<string> Errors(JsonObject metadata) => ObjectMetaValidation.Validate(metadata).Select(e => e.ToString()).ToList();

    [Theory]
    [InlineData("app")]
    [InlineData("app.kubernetes.io/name")]
    [InlineData("My_Key.1")]
    public void A_qualified_label_key_with_a_valid_value_passes(string key) =>
        Errors(new JsonObject { ["labels"] = new JsonObject { [key] = "Shop_1.a", ["empty"] = "" } }).Should().BeEmpty();

    [Fact]
    public void A_label_key_with_a_space_gets_the_name_part_message() =>
        Errors(new JsonObject { ["labels"] = new JsonObject { ["bad key!"] = "x" } }).Should().Equal(
            $"metadata.labels: Invalid value: \"bad key!\": name part {QualifiedNamePattern}");

    [Fact]
    public void A_label_key_with_a_bad_prefix_or_two_slashes_gets_the_real_servers_messages()
    {
        Errors(new JsonObject { ["labels"] = new JsonObject { ["Example.com/a"] = "x" } }).Should().ContainSingle()
            .Which.Should().StartWith("metadata.labels: Invalid value: \"Example.com/a\": prefix part a lowercase RFC 1123 subdomain must consist of");
        Errors(new JsonObject { ["labels"] = new JsonObject { ["/a"] = "x" } }).Should().Equal(
            "metadata.labels: Invalid value: \"/a\": prefix part must be non-empty");
        Errors(new JsonObject { ["labels"] = new JsonObject { ["a/b/c"] = "x" } }).Should().Equal(
            $"metadata.labels: Invalid value: \"a/b/c\": a qualified name {QualifiedNamePattern} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    }

    [Fact]
    public void A_64_character_label_value_is_too_long_and_a_63_character_one_is_not()
    {
        var value = new string('a', 64);

        Errors(new JsonObject { ["labels"] = new JsonObject { ["team"] = value } }).Should().Equal(
            $"metadata.labels: Invalid value: \"{value}\": must be no more than 63 characters");
        Errors(new JsonObject { ["labels"] = new JsonObject { ["team"] = new string('a', 63) } }).Should().BeEmpty();
    }

    [Fact]
    public void A_label_value_ending_in_a_dash_gets_the_label_value_message() =>
        Errors(new JsonObject { ["labels"] = new JsonObject { ["team"] = "shop-" } }).Should().Equal(
            $"metadata.labels: Invalid value: \"shop-\": {LabelValuePattern}");

    [Fact]
    public void An_annotation_key_is_a_qualified_name_in_any_case_and_its_value_is_free_text()
    {
        Errors(new JsonObject { ["annotations"] = new JsonObject { ["Example.COM/Note"] = "any text, with spaces!" } }).Should().BeEmpty();
        Errors(new JsonObject { ["annotations"] = new JsonObject { ["bad key!"] = "x" } }).Should().Equal(
            $"metadata.annotations: Invalid value: \"bad key!\": name part {QualifiedNamePattern}");
    }

    [Fact]
    public void Annotations_over_256_KiB_in_total_are_too_long_and_exactly_256_KiB_is_not()
    {
        // Keys count too: "a" + value, "b" + value.
        var half = ObjectMetaValidation.TotalAnnotationSizeLimitBytes / 2;
        JsonObject Annotations(int secondValueLength) => new()
        {
            ["annotations"] = new JsonObject { ["a"] = new string('x', half - 1), ["b"] = new string('y', secondValueLength) },
        };

        Errors(Annotations(half - 1)).Should().BeEmpty();
        Errors(Annotations(half)).Should().Equal("metadata.annotations: Too long: may not be longer than 262144");
    }

    [Fact]
    public async Task The_API_refuses_a_bad_label_on_create_and_a_bad_annotation_on_update_with_422_naming_metadata_labels()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var bad = CustomObjects.Backup("b1");
        bad["metadata"]!["labels"] = new JsonObject { ["team"] = new string('a', 64) };

        var create = await FluentActions.Awaiting(() => client.CreateAsync(BackupsPlural, bad)).Should().ThrowAsync<HttpOperationException>();

        create.Which.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        JsonNode.Parse(create.Which.Response.Content)!["details"]!["causes"]![0]!["field"]!.GetValue<string>().Should().Be("metadata.labels");

        await client.CreateAsync(BackupsPlural, CustomObjects.Backup("b2"));
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["bad key!"] = "x" } } };
        var update = await FluentActions.Awaiting(() => client.MergePatchAsync(BackupsPlural, "b2", patch)).Should().ThrowAsync<HttpOperationException>();

        update.Which.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        JsonNode.Parse(update.Which.Response.Content)!["details"]!["causes"]![0]!["field"]!.GetValue<string>().Should().Be("metadata.annotations");
    }
}
