using System.Net;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Semantics;
using Backups.Operator.ApiServer.Tests.Infrastructure;
using k8s.Autorest;
using static Backups.Operator.ApiServer.Tests.Infrastructure.TestServers;

namespace Backups.Operator.ApiServer.Tests.Semantics;

/// <summary>Name validation with apimachinery's messages (validation.IsDNS1123Subdomain / IsDNS1123Label).</summary>
public sealed class ObjectNamesTests
{
    private const string SubdomainPattern = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string LabelPattern = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    [Fact]
    public void A_subdomain_name_of_254_characters_is_too_long_and_nothing_else()
    {
        var name = new string('a', 254);

        ObjectNames.Validate(name, dnsLabel: false).Select(e => e.ToString()).Should().Equal(
            $"metadata.name: Invalid value: \"{name}\": must be no more than 253 characters");
        ObjectNames.Validate(new string('a', 253), dnsLabel: false).Should().BeEmpty();
    }

    [Theory]
    [InlineData("Shop", false, SubdomainPattern)]
    [InlineData("shop-", false, SubdomainPattern)]
    [InlineData("a.b", true, "must not contain dots")]
    [InlineData("Team_A", true, LabelPattern)]
    public void A_malformed_name_gets_the_real_servers_message(string name, bool dnsLabel, string message) =>
        ObjectNames.Validate(name, dnsLabel).Select(e => e.ToString()).Should().Equal($"metadata.name: Invalid value: \"{name}\": {message}");

    [Fact]
    public void A_label_both_too_long_and_malformed_gets_both_errors_in_the_real_servers_order()
    {
        var name = new string('A', 64);

        ObjectNames.Validate(name, dnsLabel: true).Select(e => e.ToString()).Should().Equal(
            $"metadata.name: Invalid value: \"{name}\": must be no more than 63 characters",
            $"metadata.name: Invalid value: \"{name}\": {LabelPattern}");
    }

    [Fact]
    public async Task The_API_refuses_a_254_character_backup_name_with_422_and_the_length_message()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var name = new string('b', 254);

        var error = await FluentActions.Awaiting(() => client.CreateAsync(BackupsPlural, CustomObjects.Backup(name)))
            .Should().ThrowAsync<HttpOperationException>();

        error.Which.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var status = JsonNode.Parse(error.Which.Response.Content)!;
        status["message"]!.GetValue<string>().Should().EndWith($"metadata.name: Invalid value: \"{name}\": must be no more than 253 characters");
    }

    [Fact]
    public async Task A_GET_of_a_name_with_NUL_is_a_404_Status_like_any_missing_name()
    {
        // kubectl apply GETs the name first; only after the real server's 404 does it POST and get the metadata.name refusal.
        await using var server = await StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        using var response = await http.GetAsync($"/apis/{Group}/{CrVersion}/namespaces/default/{BackupsPlural}/b%00");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        status["reason"]!.GetValue<string>().Should().Be("NotFound");
        status["details"]!["name"]!.GetValue<string>().Should().Be("b\0");
    }
}
