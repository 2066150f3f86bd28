using System.Globalization;
using Backups.Operator.Api;
using k8s.Models;

namespace Backups.Operator.Credentials;

/// <summary>Reads the namespace annotation <c>backup.platform.dev/allowed-droplets</c> (comma-separated droplet ids).</summary>
public static class AllowedDroplets
{
    /// <summary>Whether <paramref name="dropletId"/> is listed on <paramref name="ns"/>. Blanks and non-numbers are ignored.</summary>
    public static bool Allows(V1Namespace? ns, long dropletId)
    {
        if (ns?.Metadata?.Annotations is not { } annotations
            || !annotations.TryGetValue(ApiConstants.AllowedDropletsAnnotation, out var value)
            || string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id == dropletId)
            {
                return true;
            }
        }

        return false;
    }
}
