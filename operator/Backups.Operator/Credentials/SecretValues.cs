using System.Text;
using k8s.Models;

namespace Backups.Operator.Credentials;

/// <summary>Reads a key of a Secret (<c>data</c>, or <c>stringData</c> on servers that keep it), trimmed.</summary>
internal static class SecretValues
{
    public static string? Read(V1Secret secret, string key)
    {
        string? value = null;
        if (secret.Data is { } data && data.TryGetValue(key, out var bytes) && bytes is not null)
        {
            value = Encoding.UTF8.GetString(bytes);
        }
        else if (secret.StringData is { } stringData && stringData.TryGetValue(key, out var text))
        {
            value = text;
        }

        value = value?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
