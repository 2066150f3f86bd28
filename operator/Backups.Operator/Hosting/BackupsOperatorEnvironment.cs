using Backups.Operator.Configuration;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Hosting;

/// <summary>
/// Fills <see cref="BackupsOperatorOptions"/> from the pod's environment where the <c>Backups</c> section leaves them unset:
/// <c>DIGITALOCEAN_TOKEN</c> → <see cref="BackupsOperatorOptions.PlatformToken"/>, <c>POD_NAMESPACE</c> →
/// <see cref="BackupsOperatorOptions.OperatorNamespace"/>. Read through <see cref="IConfiguration"/> (the host adds
/// environment variables), so tests control them without touching the process environment.
/// </summary>
internal sealed class BackupsOperatorEnvironment(IConfiguration configuration) : IConfigureOptions<BackupsOperatorOptions>
{
    public const string TokenVariable = "DIGITALOCEAN_TOKEN";
    public const string NamespaceVariable = "POD_NAMESPACE";

    public void Configure(BackupsOperatorOptions options)
    {
        var section = configuration.GetSection(BackupsOperatorOptions.SectionName);
        if (string.IsNullOrEmpty(section[nameof(BackupsOperatorOptions.PlatformToken)])
            && configuration[TokenVariable] is { Length: > 0 } token)
        {
            options.PlatformToken = token.Trim();
        }

        if (string.IsNullOrEmpty(section[nameof(BackupsOperatorOptions.OperatorNamespace)])
            && configuration[NamespaceVariable] is { Length: > 0 } ns)
        {
            options.OperatorNamespace = ns.Trim();
        }
    }
}
