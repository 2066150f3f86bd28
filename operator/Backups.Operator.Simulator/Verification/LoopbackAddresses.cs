namespace Backups.Operator.Simulator.Verification;

/// <summary>
/// Hands out a distinct loopback address (127.64.0.1 .. 127.127.255.254, all routed to <c>lo</c> on Linux) per created
/// droplet, so each droplet's application can listen on the same well-known ports without clashing with another droplet,
/// another simulator in the same process or a real service on 127.0.0.1. Starts at a random offset, so two simulator
/// processes on one machine rarely meet; a bind that still fails moves on to the next address.
/// </summary>
internal static class LoopbackAddresses
{
    private const uint First = (127u << 24) | (64u << 16);
    private const uint Count = 64u << 16;
    private static long _next = Random.Shared.Next(0, (int)Count);

    public static System.Net.IPAddress Next()
    {
        while (true)
        {
            var offset = (uint)(Interlocked.Increment(ref _next) % Count);
            var value = First + offset;
            var last = value & 0xFF;
            if (last is 0 or 255)
            {
                continue;
            }

            return new System.Net.IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)last]);
        }
    }
}
