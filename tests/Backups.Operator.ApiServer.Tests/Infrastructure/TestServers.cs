using Backups.Operator.ApiServer.Hosting;
using k8s;

namespace Backups.Operator.ApiServer.Tests.Infrastructure;

/// <summary>Starts a server on 127.0.0.1:0 with the fixture CRDs installed, and clients for it.</summary>
internal static class TestServers
{
    public const string Group = "backup.platform.dev";
    public const string CrVersion = "v1alpha1";
    public const string PoliciesPlural = "backuppolicies";
    public const string BackupsPlural = "backups";

    public static string FixtureDirectory(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static async Task<LocalApiServer> StartAsync(Action<LocalApiServerOptions>? configure = null, bool installCrds = true)
    {
        var options = new LocalApiServerOptions { Port = 0 };
        configure?.Invoke(options);
        var server = await LocalApiServer.StartAsync(options, CancellationToken.None);
        if (installCrds)
        {
            await server.InstallCrdsFromDirectoryAsync(FixtureDirectory("crds"));
        }

        return server;
    }

    public static Kubernetes Client(this LocalApiServer server) => new(server.CreateClientConfiguration());

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after a generous timeout.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Condition not met: {because}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }
}
