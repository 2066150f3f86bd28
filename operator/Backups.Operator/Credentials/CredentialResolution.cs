using System.Diagnostics.CodeAnalysis;

namespace Backups.Operator.Credentials;

/// <summary>Where a policy's DigitalOcean token came from.</summary>
public enum CredentialSource
{
    /// <summary>The Secret named by the policy's <c>spec.credentialsSecretRef</c>, in the policy's namespace.</summary>
    PolicySecret,

    /// <summary>The operator's shared platform token, allowed by the namespace's <c>allowed-droplets</c> annotation.</summary>
    PlatformToken,
}

/// <summary>
/// The outcome of resolving a policy's token: the token (memory only — never log it, never put it in an event, a
/// metric or a status), or a <see cref="Reason"/> (<c>CredentialsNotFound</c>, <c>NotOwner</c>) and a
/// <see cref="Message"/> a person can act on. <see cref="ToString"/> never shows the token.
/// </summary>
public sealed class CredentialResolution
{
    private CredentialResolution(string? token, CredentialSource source, string? reason, string? message)
    {
        Token = token;
        Source = source;
        Reason = reason;
        Message = message;
    }

    /// <summary>The token when <see cref="IsResolved"/>.</summary>
    public string? Token { get; }

    /// <summary>Where the token came from (or would have come from).</summary>
    public CredentialSource Source { get; }

    /// <summary>A CamelCase reason when not resolved (see <see cref="Api.Reasons"/>).</summary>
    public string? Reason { get; }

    /// <summary>What is wrong and what to do, when not resolved. Never contains a token.</summary>
    public string? Message { get; }

    [MemberNotNullWhen(true, nameof(Token))]
    [MemberNotNullWhen(false, nameof(Reason), nameof(Message))]
    public bool IsResolved => Token is not null;

    public static CredentialResolution Resolved(string token, CredentialSource source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return new(token, source, null, null);
    }

    public static CredentialResolution Failed(CredentialSource source, string reason, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentException.ThrowIfNullOrEmpty(message);
        return new(null, source, reason, message);
    }

    public override string ToString() => IsResolved ? $"Resolved({Source})" : $"{Reason}: {Message}";
}
