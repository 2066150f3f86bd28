namespace Backups.Operator.ApiServer.Security;

/// <summary>
/// The security flags of the sandbox program, named as kube-apiserver's: <c>--authorization-mode RBAC</c> (HTTPS,
/// bearer tokens, RBAC; the kubeconfig gets the CA and an admin token), <c>--token-auth-file</c> (static users) and
/// <c>--audit-log-path</c>. <see cref="Split"/> takes them out of the arguments and leaves the rest.
/// </summary>
internal static class SecurityCommandLine
{
    public const string Usage = "       [--authorization-mode RBAC [--token-auth-file <csv>] [--audit-log-path <file>]]";

    public static (ApiServerSecurityOptions? Security, string[] Remaining, string? Error) Split(IReadOnlyList<string> args)
    {
        var rest = new List<string>();
        string? mode = null, tokenFile = null, auditLog = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is not ("--authorization-mode" or "--token-auth-file" or "--audit-log-path"))
            {
                rest.Add(name);
                continue;
            }

            if (i + 1 >= args.Count)
            {
                return (null, [], $"missing value for {name}");
            }

            var value = args[++i];
            switch (name)
            {
                case "--authorization-mode":
                    mode = value;
                    break;
                case "--token-auth-file":
                    tokenFile = value;
                    break;
                default:
                    auditLog = value;
                    break;
            }
        }

        if (mode is null)
        {
            return tokenFile is null && auditLog is null
                ? (null, [.. rest], null)
                : (null, [], "--token-auth-file and --audit-log-path need --authorization-mode RBAC");
        }

        if (mode != "RBAC")
        {
            return (null, [], $"unsupported --authorization-mode '{mode}' (only RBAC)");
        }

        if (tokenFile is not null && !File.Exists(tokenFile))
        {
            return (null, [], $"--token-auth-file: '{Path.GetFullPath(tokenFile)}' does not exist");
        }

        try
        {
            var tokens = tokenFile is null ? [] : StaticToken.ParseFile(File.ReadAllText(tokenFile));
            return (new ApiServerSecurityOptions { StaticTokens = tokens, AuditLogPath = auditLog is null ? null : Path.GetFullPath(auditLog) }, [.. rest], null);
        }
        catch (FormatException e)
        {
            return (null, [], e.Message);
        }
    }
}
