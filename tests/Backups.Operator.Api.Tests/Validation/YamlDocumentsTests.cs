using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;

namespace Backups.Operator.Api.Tests.Validation;

public sealed class YamlDocumentsTests
{
    [Theory]
    [InlineData("v: 3164444", JsonValueKind.Number, "3164444")]
    [InlineData("v: -1", JsonValueKind.Number, "-1")]
    [InlineData("v: 2.5", JsonValueKind.Number, "2.5")]
    [InlineData("v: \"3164444\"", JsonValueKind.String, "\"3164444\"")]
    [InlineData("v: '90'", JsonValueKind.String, "\"90\"")]
    [InlineData("v: true", JsonValueKind.True, "true")]
    [InlineData("v: yes", JsonValueKind.True, "true")]
    [InlineData("v: off", JsonValueKind.False, "false")]
    [InlineData("v: \"true\"", JsonValueKind.String, "\"true\"")]
    [InlineData("v: Pro", JsonValueKind.String, "\"Pro\"")]
    [InlineData("v: 0 3 * * *", JsonValueKind.String, "\"0 3 * * *\"")]
    [InlineData("v: 2026-11-25T03:00:00Z", JsonValueKind.String, "\"2026-11-25T03:00:00Z\"")]
    [InlineData("v: !!str 12", JsonValueKind.String, "\"12\"")]
    public void Plain_scalars_resolve_like_kubectl_and_quoted_ones_stay_strings(string yaml, JsonValueKind kind, string json)
    {
        var value = YamlDocuments.Parse(yaml).Single()!["v"]!;

        value.GetValueKind().Should().Be(kind);
        value.ToJsonString().Should().Be(json);
    }

    [Theory]
    [InlineData("v:")]
    [InlineData("v: ~")]
    [InlineData("v: null")]
    public void Null_forms_are_null(string yaml)
    {
        var document = YamlDocuments.Parse(yaml).Single()!.AsObject();

        document.ContainsKey("v").Should().BeTrue();
        document["v"].Should().BeNull();
    }

    [Fact]
    public void Every_document_of_a_stream_is_read_and_empty_ones_are_dropped()
    {
        var documents = YamlDocuments.Parse("a: 1\n---\n---\nb: [x, {c: d}]\n");

        documents.Select(d => d!.ToJsonString()).Should().Equal("{\"a\":1}", "{\"b\":[\"x\",{\"c\":\"d\"}]}");
    }

    [Fact]
    public void Duplicate_keys_are_an_error()
    {
        var act = () => YamlDocuments.Parse("a: 1\na: 2\n");

        act.Should().Throw<YamlException>();
    }

    [Fact]
    public void Comments_are_ignored()
    {
        YamlDocuments.Parse("# header\na: 1 # one\n").Single()!.ToJsonString().Should().Be(new JsonObject { ["a"] = 1 }.ToJsonString());
    }
}
