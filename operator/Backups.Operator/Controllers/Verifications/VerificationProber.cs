using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Backups.Operator.Api;

namespace Backups.Operator.Controllers.Verifications;

/// <summary>What one probe attempt found.</summary>
public sealed record ProbeOutcome(bool Succeeded, string Detail);

/// <summary>Runs a verification's probe against the temporary droplet's public IPv4 (never any other host).</summary>
public interface IVerificationProber
{
    Task<ProbeOutcome> ProbeAsync(string address, VerificationProbe probe, CancellationToken cancellationToken);
}

/// <summary>
/// TCP connect, or a plain HTTP/1.1 GET whose status line must carry the expected status. One attempt, bounded by
/// <see cref="VerificationOptions.ProbeTimeout"/> on the operator's <see cref="TimeProvider"/>; every failure is an outcome,
/// never an exception (only the caller's cancellation throws).
/// </summary>
public sealed class VerificationProber(TimeProvider timeProvider, Microsoft.Extensions.Options.IOptions<VerificationOptions> options) : IVerificationProber
{
    public async Task<ProbeOutcome> ProbeAsync(string address, VerificationProbe probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var port = probe.HttpGet?.Port ?? probe.TcpSocket?.Port ?? 0;
        using var timeout = new CancellationTokenSource(options.Value.ProbeTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address, port, linked.Token).ConfigureAwait(false);
            if (probe.HttpGet is not { } http)
            {
                return new ProbeOutcome(true, $"TCP {Target(address, port)} open");
            }

            var path = string.IsNullOrEmpty(http.Path) ? "/" : http.Path;
            var expected = http.ExpectedStatus ?? 200;
            var stream = client.GetStream();
            var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {address}\r\nUser-Agent: backups-operator-verification\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(request, linked.Token).ConfigureAwait(false);
            var buffer = new byte[256];
            var read = await stream.ReadAtLeastAsync(buffer, 12, throwOnEndOfStream: false, linked.Token).ConfigureAwait(false);
            var statusLine = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
            var parts = statusLine.Split(' ');
            if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                return new ProbeOutcome(false, $"GET {Target(address, port)}{path}: no HTTP status line");
            }

            return new ProbeOutcome(status == expected, $"GET {Target(address, port)}{path}: HTTP {status.ToString(CultureInfo.InvariantCulture)} (expected {expected.ToString(CultureInfo.InvariantCulture)})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeOutcome(false, $"{Target(address, port)}: no answer within {options.Value.ProbeTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return new ProbeOutcome(false, $"{Target(address, port)}: {(ex is SocketException se ? se.SocketErrorCode.ToString() : ex.Message)}");
        }
    }

    private static string Target(string address, int port) => $"{address}:{port.ToString(CultureInfo.InvariantCulture)}";
}
