using System.Net;
using System.Text.Json;
using Backups.Operator.ApiServer.Hosting;
using Backups.Operator.Testing;
using k8s;
using k8s.Autorest;

namespace Backups.Operator.Kubernetes.Tests.Integration;

/// <summary>
/// The generated CRDs bound every integer (docs/kubernetes-runtime.md, "Integer bounds"), and the local API server refuses
/// what does not fit with 422 Invalid naming the field, as the real server does for a structural schema.
/// </summary>
public sealed class IntegerBoundsTests : IAsyncLifetime
{
    private LocalApiServer _server = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalApiServer.StartAsync(new LocalApiServerOptions());
        await _server.InstallCrdsFromDirectoryAsync(RepositoryPaths.Crds);
        _client = new k8s.Kubernetes(_server.CreateClientConfiguration());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("9223372036854775808", "spec.dropletId: Invalid value: \"number\": spec.dropletId in body must be of type integer: \"number\"")]
    [InlineData("18446744073709551617", "spec.dropletId: Invalid value: \"number\": spec.dropletId in body must be of type integer: \"number\"")]
    [InlineData("9223372036854775807", "spec.dropletId: Invalid value: 9223372036854775807: spec.dropletId in body should be less than or equal to 1e+15")]
    [InlineData("1000000000000001", "spec.dropletId: Invalid value: 1000000000000001: spec.dropletId in body should be less than or equal to 1e+15")]
    [InlineData("0", "spec.dropletId: Invalid value: 0: spec.dropletId in body should be greater than or equal to 1")]
    public async Task A_policy_droplet_id_beyond_its_bound_is_refused_with_422_naming_the_field(string literal, string expected)
    {
        var status = await CreateFailsAsync("backuppolicies", """
            {"apiVersion":"backup.platform.dev/v1alpha1","kind":"BackupPolicy","metadata":{"name":"p","namespace":"default"},
             "spec":{"dropletId":LITERAL,"plan":"Pro","credentialsSecretRef":{"name":"t","key":"token"}}}
            """.Replace("LITERAL", literal, StringComparison.Ordinal));

        status.Code.Should().Be(422);
        status.Reason.Should().Be("Invalid");
        status.Message.Should().Contain(expected);
    }

    [Fact]
    public async Task A_restore_confirmation_beyond_int64_is_refused_and_the_largest_allowed_id_is_accepted()
    {
        var status = await CreateFailsAsync("backuprestores", """
            {"apiVersion":"backup.platform.dev/v1alpha1","kind":"BackupRestore","metadata":{"name":"r","namespace":"default"},
             "spec":{"backupName":"b","confirmDropletId":9223372036854775808}}
            """);
        status.Code.Should().Be(422);
        status.Message.Should().Contain("spec.confirmDropletId: Invalid value: \"number\": spec.confirmDropletId in body must be of type integer: \"number\"");

        using var largest = JsonDocument.Parse("""
            {"apiVersion":"backup.platform.dev/v1alpha1","kind":"BackupRestore","metadata":{"name":"r","namespace":"default"},
             "spec":{"backupName":"b","confirmDropletId":1000000000000000}}
            """);
        await _client.CustomObjects.CreateNamespacedCustomObjectAsync(largest.RootElement, "backup.platform.dev", "v1alpha1", "default", "backuprestores");
    }

    private async Task<(int Code, string? Reason, string Message)> CreateFailsAsync(string plural, string json)
    {
        using var body = JsonDocument.Parse(json);
        var error = await FluentActions.Awaiting(() => _client.CustomObjects.CreateNamespacedCustomObjectAsync(body.RootElement, "backup.platform.dev", "v1alpha1", "default", plural))
            .Should().ThrowAsync<HttpOperationException>();
        using var status = JsonDocument.Parse(error.Which.Response.Content);
        return ((int)error.Which.Response.StatusCode, status.RootElement.GetProperty("reason").GetString(), status.RootElement.GetProperty("message").GetString()!);
    }
}
