using Backups.Operator.Simulator.State;

namespace Backups.Operator.Simulator.Hosting;

/// <summary>
/// The simulator running in-process on <c>127.0.0.1</c> with a free port, for tests: point a client at <see cref="BaseUrl"/>
/// and drive <see cref="State"/> directly (accounts, droplets, data versions, faults, request counts). With a
/// <c>FakeTimeProvider</c>, advancing the clock completes actions.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, Uri baseUrl, SimulatorState state)
    {
        _app = app;
        BaseUrl = baseUrl;
        State = state;
    }

    /// <summary>The API root, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    public SimulatorState State { get; }

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var app = SimulatorApplication.Build(options, timeProvider, ["http://127.0.0.1:0"], LogLevel.Warning);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = SimulatorApplication.BoundAddresses(app).FirstOrDefault()
                          ?? throw new InvalidOperationException("The simulator did not report a bound address.");
            return new SimulatorHost(app, new Uri(address.TrimEnd('/') + "/"), app.Services.GetRequiredService<SimulatorState>());
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
