using System.Net;
using Backups.Operator.Cli.Cluster;
using k8s.Autorest;

namespace Backups.Operator.Cli.Tests.Cluster;

public sealed class ApiErrorTranslatorTests
{
    private static HttpOperationException Failure(HttpStatusCode code, string body) => new("Operation returned an invalid status code")
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), body),
    };

    [Fact]
    public void A_403_says_who_may_not_do_what_where()
    {
        var error = ApiErrorTranslator.Translate(Failure(HttpStatusCode.Forbidden,
            """{"kind":"Status","reason":"Forbidden","message":"backuprestores.backup.platform.dev is forbidden: User \"dev\" cannot create resource"}"""),
            new ApiOperation("create", ResourceKinds.Restore, "team-a"));

        error.ExitCode.Should().Be(ExitCodes.Forbidden);
        error.Message.Should().Be("you may not create BackupRestores in team-a");
        error.Hint.Should().Contain("kubectl auth can-i create backuprestores.backup.platform.dev -n team-a");
    }

    [Fact]
    public void A_404_on_a_list_means_the_operator_is_not_installed_and_on_an_object_that_it_does_not_exist()
    {
        ApiErrorTranslator.Translate(Failure(HttpStatusCode.NotFound, "404 page not found"), new ApiOperation("list", ResourceKinds.Backup, "team-a"))
            .Message.Should().Be("the Backups operator is not installed in this cluster (no backups.backup.platform.dev resource)");
        ApiErrorTranslator.Translate(Failure(HttpStatusCode.NotFound, "{}"), new ApiOperation("get", ResourceKinds.Policy, "team-a", "shop"))
            .Should().Match<CliException>(e => e.ExitCode == ExitCodes.NotFound && e.Message == "policy \"shop\" not found in namespace team-a");
    }

    [Fact]
    public void A_422_carries_the_api_server_message()
    {
        var error = ApiErrorTranslator.Translate(Failure(HttpStatusCode.UnprocessableEntity,
            """{"kind":"Status","message":"BackupRestore.backup.platform.dev \"r\" is invalid: spec.confirmDropletId: Required value"}"""),
            new ApiOperation("create", ResourceKinds.Restore, "team-a", "r"));

        error.Message.Should().Be("the cluster refused to create the BackupRestore: BackupRestore.backup.platform.dev \"r\" is invalid: spec.confirmDropletId: Required value");
        ResourceKinds.Policy.KindPlural.Should().Be("BackupPolicies");
    }
}
