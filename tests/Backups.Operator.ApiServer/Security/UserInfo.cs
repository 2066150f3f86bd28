namespace Backups.Operator.ApiServer.Security;

/// <summary>An authenticated identity, as Kubernetes' <c>user.Info</c>: a name and groups.</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    public const string Authenticated = "system:authenticated";

    public const string Masters = "system:masters";

    /// <summary><c>system:serviceaccount:NS:NAME</c> with the groups Kubernetes gives service accounts.</summary>
    public static UserInfo ServiceAccount(string ns, string name) =>
        new($"system:serviceaccount:{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", Authenticated]);

    /// <summary>The namespace and name when this is a service account, else null.</summary>
    public (string Namespace, string Name)? AsServiceAccount() =>
        Name.Split(':') is ["system", "serviceaccount", var ns, var name] ? (ns, name) : null;
}
