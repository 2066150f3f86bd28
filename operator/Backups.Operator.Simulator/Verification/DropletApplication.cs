using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Backups.Operator.Simulator.Verification;

/// <summary>
/// The "application" on a droplet created from a snapshot: once the droplet is active and its data is not corrupt, it
/// listens on <see cref="Ports"/> of the droplet's own loopback address and answers every connection with a minimal
/// <c>HTTP/1.1 200 OK</c> (a TCP probe only needs the connection to open). A droplet booted from a corrupt snapshot never
/// opens its ports: every probe is refused. Ports that cannot be bound (for example below 1024 without root) are skipped.
/// </summary>
internal sealed class DropletApplication : IDisposable
{
    /// <summary>The ports an application listens on: HTTP and SSH, and unprivileged stand-ins for both.</summary>
    public static readonly int[] Ports = [80, 8080, 22, 2222];

    private static readonly byte[] Response = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n");

    private readonly List<TcpListener> _listeners = [];
    private readonly CancellationTokenSource _stop = new();

    private DropletApplication(IPAddress address) => Address = address;

    public IPAddress Address { get; }

    /// <summary>The ports actually listening.</summary>
    public IReadOnlyList<int> ListeningPorts => _listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();

    /// <summary>Binds a fresh loopback address; listens only when <paramref name="healthy"/>.</summary>
    public static DropletApplication Start(bool healthy)
    {
        for (var attempt = 0; ; attempt++)
        {
            var application = new DropletApplication(LoopbackAddresses.Next());
            if (!healthy || application.Listen() || attempt >= 20)
            {
                return application;
            }

            application.Dispose();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        _listeners.Clear();
        _stop.Dispose();
    }

    /// <summary>False when no port could be bound on this address (it is in use): the caller tries another address.</summary>
    private bool Listen()
    {
        foreach (var port in Ports)
        {
            var listener = new TcpListener(Address, port);
            try
            {
                listener.Start();
            }
            catch (SocketException)
            {
                continue;
            }

            _listeners.Add(listener);
            _ = AcceptAsync(listener, _stop.Token);
        }

        return _listeners.Count > 0;
    }

    private static async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                return;
            }

            _ = AnswerAsync(socket, cancellationToken);
        }
    }

    private static async Task AnswerAsync(Socket socket, CancellationToken cancellationToken)
    {
        using (socket)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var buffer = new byte[4096];
                var received = new StringBuilder();
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await socket.SendAsync(Response, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The probe went away or the droplet was destroyed.
            }
        }
    }
}
