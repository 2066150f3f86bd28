using System.Collections.Concurrent;
using System.Security.Cryptography;
using Backups.Operator.ApiServer.Resources;
using Backups.Operator.ApiServer.Storage;

namespace Backups.Operator.ApiServer.Security;

/// <summary>
/// Tokens of service accounts, issued by the TokenRequest API (<c>POST .../serviceaccounts/NAME/token</c>, what
/// <c>kubectl create token</c> calls and what the kubelet projects into pods). Opaque random strings here, not JWTs;
/// a token stops working when its service account is deleted (or re-created with another uid).
/// </summary>
internal sealed class ServiceAccountTokens(ObjectStore store)
{
    private readonly ConcurrentDictionary<string, (string Namespace, string Name, string Uid)> _issued = new(StringComparer.Ordinal);

    /// <summary>A new token of the service account, or null when it does not exist.</summary>
    public string? Issue(string ns, string name)
    {
        if (store.Get(new ObjectAddress(InstallResources.ServiceAccounts.Key, ns, name)) is not { } account)
        {
            return null;
        }

        var token = "sa." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _issued[token] = (ns, name, account.Uid);
        return token;
    }

    public UserInfo? Authenticate(string token)
    {
        if (!_issued.TryGetValue(token, out var owner))
        {
            return null;
        }

        var account = store.Get(new ObjectAddress(InstallResources.ServiceAccounts.Key, owner.Namespace, owner.Name));
        return account?.Uid == owner.Uid ? UserInfo.ServiceAccount(owner.Namespace, owner.Name) : null;
    }
}
