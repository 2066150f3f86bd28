using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Hosting;
using Backups.Operator.ApiServer.Security;

namespace Backups.Operator.Install.Tests.Security;

/// <summary>
/// The local API server's authentication and RBAC (<c>--authorization-mode RBAC</c>), over HTTPS as clients see it:
/// 401 without a valid token, service account tokens that die with their account, Role/RoleBinding scoping, verbs,
/// subresources, resourceNames, aggregation into the built-in roles, and 403 bodies worded as kube-apiserver's.
/// </summary>
public sealed class ApiServerRbacTests : IAsyncLifetime
{
    private LocalApiServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalApiServer.StartAsync(new LocalApiServerOptions
        {
            Security = new ApiServerSecurityOptions { StaticTokens = StaticToken.ParseFile("admin-token,root,1,\"system:masters\"\ncarol-token,carol,2\n") },
        });
        _admin = Client("admin-token");
        await PostAsync(_admin, "/api/v1/namespaces", """{"metadata":{"name":"team-a"}}""");
        await PostAsync(_admin, "/api/v1/namespaces/team-a/serviceaccounts", """{"metadata":{"name":"robot"}}""");
        await PostAsync(_admin, "/api/v1/namespaces/team-a/configmaps", """{"metadata":{"name":"allowed"},"data":{"a":"1"}}""");
        await PostAsync(_admin, "/api/v1/namespaces/team-a/configmaps", """{"metadata":{"name":"other"},"data":{"a":"1"}}""");
        await PostAsync(_admin, "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/roles", """
            {"metadata":{"name":"narrow"},"rules":[
              {"apiGroups":[""],"resources":["configmaps"],"resourceNames":["allowed"],"verbs":["get"]},
              {"apiGroups":["apps"],"resources":["deployments/status"],"verbs":["patch"]}]}
            """);
        await PostAsync(_admin, "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings", """
            {"metadata":{"name":"robot-narrow"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"narrow"},
             "subjects":[{"kind":"ServiceAccount","name":"robot"}]}
            """);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_request_without_a_valid_token_is_401_but_health_is_public()
    {
        using var anonymous = Client(null);
        var response = await anonymous.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await BodyAsync(response))["reason"]!.GetValue<string>().Should().Be("Unauthorized");
        (await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        using var wrong = Client("not-a-token");
        (await wrong.GetAsync(new Uri("/api", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Resource_names_and_subresources_limit_a_role_and_the_403_body_says_what_was_refused()
    {
        using var robot = Client(_server.IssueServiceAccountToken("team-a", "robot"));

        (await robot.GetAsync(new Uri("/api/v1/namespaces/team-a/configmaps/allowed", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        var other = await robot.GetAsync(new Uri("/api/v1/namespaces/team-a/configmaps/other", UriKind.Relative));
        other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var body = await BodyAsync(other);
        body["message"]!.GetValue<string>().Should().Be(
            "configmaps \"other\" is forbidden: User \"system:serviceaccount:team-a:robot\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"team-a\"");
        body["reason"]!.GetValue<string>().Should().Be("Forbidden");
        body["details"]!["kind"]!.GetValue<string>().Should().Be("configmaps");
        (await robot.GetAsync(new Uri("/api/v1/namespaces/team-a/configmaps", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden, "resourceNames never allow list");

        var status = await PatchAsync(robot, "/apis/apps/v1/namespaces/team-a/deployments/web/status");
        status.StatusCode.Should().Be(HttpStatusCode.NotFound, "patching deployments/status is allowed (the deployment just does not exist)");
        var main = await PatchAsync(robot, "/apis/apps/v1/namespaces/team-a/deployments/web");
        main.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await BodyAsync(main))["message"]!.GetValue<string>().Should().Contain("cannot patch resource \"deployments\" in API group \"apps\"");
        var elsewhere = await robot.GetAsync(new Uri("/api/v1/namespaces/default/configmaps/allowed", UriKind.Relative));
        (await BodyAsync(elsewhere))["message"]!.GetValue<string>().Should().EndWith("in the namespace \"default\"", "a RoleBinding grants only in its namespace");
    }

    [Fact]
    public async Task A_service_account_token_stops_working_when_the_account_is_deleted()
    {
        var token = _server.IssueServiceAccountToken("team-a", "robot");
        using var robot = Client(token);
        (await robot.GetAsync(new Uri("/api/v1/namespaces/team-a/configmaps/allowed", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        (await _admin.DeleteAsync(new Uri("/api/v1/namespaces/team-a/serviceaccounts/robot", UriKind.Relative))).EnsureSuccessStatusCode();

        (await robot.GetAsync(new Uri("/api/v1/namespaces/team-a/configmaps/allowed", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Roles_labelled_aggregate_to_view_reach_view_edit_and_admin_bindings()
    {
        using var carol = Client("carol-token");
        (await carol.GetAsync(new Uri("/api/v1/namespaces/team-a/configmaps/other", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        await PostAsync(_admin, "/apis/rbac.authorization.k8s.io/v1/clusterroles", """
            {"metadata":{"name":"configmaps-view","labels":{"rbac.authorization.k8s.io/aggregate-to-view":"true"}},
             "rules":[{"apiGroups":[""],"resources":["configmaps"],"verbs":["get"]}]}
            """);
        await PostAsync(_admin, "/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings", """
            {"metadata":{"name":"carol-admin"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"admin"},
             "subjects":[{"kind":"User","name":"carol"}]}
            """);

        (await carol.GetAsync(new Uri("/api/v1/namespaces/team-a/configmaps/other", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK,
            "view is aggregated into edit and edit into admin");
        (await carol.DeleteAsync(new Uri("/api/v1/namespaces/team-a/configmaps/other", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private HttpClient Client(string? token)
    {
        var authority = X509Certificate2.CreateFromPem(_server.CertificateAuthorityPem!);
#pragma warning disable CA2000 // The handler is disposed with the client.
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.RawData.AsSpan().SequenceEqual(authority.RawData),
        };
#pragma warning restore CA2000
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(_server.BaseUrl) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    private static async Task PostAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient client, string path)
    {
        using var content = new StringContent("{}", Encoding.UTF8, "application/merge-patch+json");
        return await client.PatchAsync(new Uri(path, UriKind.Relative), content);
    }

    private static async Task<JsonNode> BodyAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}
