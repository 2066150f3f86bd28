using System.Diagnostics.CodeAnalysis;
using Backups.Operator.Credentials;
using Backups.Operator.DigitalOcean.Models;

namespace Backups.Operator.DigitalOcean;

/// <summary>
/// A DigitalOcean client for a policy's token (and, from <see cref="IDropletAccess.ConnectAsync"/>, the droplet it was
/// checked against), or why there is none: <see cref="Reason"/> + <see cref="Message"/> for a person, and
/// <see cref="RetryAfter"/> when the cause is passing (rate limit, DigitalOcean unavailable) rather than something to fix.
/// </summary>
public sealed class PolicyClientResult
{
    private PolicyClientResult(IDigitalOceanClient? client, Droplet? droplet, CredentialSource source, string? reason, string? message, TimeSpan? retryAfter)
    {
        Client = client;
        Droplet = droplet;
        Source = source;
        Reason = reason;
        Message = message;
        RetryAfter = retryAfter;
    }

    /// <summary>The client bound to the policy's token.</summary>
    public IDigitalOceanClient? Client { get; }

    /// <summary>The policy's droplet as the token sees it (only from <see cref="IDropletAccess.ConnectAsync"/>).</summary>
    public Droplet? Droplet { get; }

    /// <summary>Where the token came from.</summary>
    public CredentialSource Source { get; }

    /// <summary>CredentialsNotFound, NotOwner, Unauthorized, DropletNotFound, or a transient reason.</summary>
    public string? Reason { get; }

    /// <summary>What is wrong and what to do. Never contains a token.</summary>
    public string? Message { get; }

    /// <summary>Set when the failure is temporary: try again after this long.</summary>
    public TimeSpan? RetryAfter { get; }

    [MemberNotNullWhen(true, nameof(Client))]
    [MemberNotNullWhen(false, nameof(Reason), nameof(Message))]
    public bool IsOk => Client is not null;

    /// <summary>A failure that passes by itself (rate limit, DigitalOcean unavailable).</summary>
    public bool IsTransient => !IsOk && RetryAfter is not null;

    public static PolicyClientResult Ok(IDigitalOceanClient client, CredentialSource source, Droplet? droplet = null) =>
        new(client ?? throw new ArgumentNullException(nameof(client)), droplet, source, null, null, null);

    public static PolicyClientResult Failed(CredentialSource source, string reason, string message, TimeSpan? retryAfter = null) =>
        new(null, null, source, reason, message, retryAfter);

    public override string ToString() => IsOk ? $"Ok({Source})" : $"{Reason}: {Message}";
}
