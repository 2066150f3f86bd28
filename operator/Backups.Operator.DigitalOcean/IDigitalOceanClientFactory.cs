namespace Backups.Operator.DigitalOcean;

/// <summary>Creates a client per tenant token. Clients for the same token share one rate limiter; different tokens never do.</summary>
public interface IDigitalOceanClientFactory
{
    /// <summary>A client bound to <paramref name="token"/>. Cheap: call it per reconcile.</summary>
    IDigitalOceanClient Create(string token);

    /// <summary>A client bound to <paramref name="token"/> whose requests compete for the token's budget at
    /// <paramref name="priority"/> (<see cref="RequestPriority.Background"/> for periodic checks).</summary>
    IDigitalOceanClient Create(string token, RequestPriority priority);
}
