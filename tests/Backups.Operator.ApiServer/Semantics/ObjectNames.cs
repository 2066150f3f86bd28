using System.Text.RegularExpressions;
using Backups.Operator.ApiServer.Http;

namespace Backups.Operator.ApiServer.Semantics;

/// <summary>Name rules (RFC 1123) and <c>generateName</c> suffixes.</summary>
internal static partial class ObjectNames
{
    private const string SuffixAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>
    /// apimachinery's <c>IsDNS1123Label</c> / <c>IsDNS1123Subdomain</c>: one error per failed rule, with the real server's
    /// messages (too long: "must be no more than N characters"; a label with dots: "must not contain dots").
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(string name, bool dnsLabel) =>
        (dnsLabel ? Dns1123LabelMessages(name) : Dns1123SubdomainMessages(name)).Select(m => Invalid(name, m)).ToList();

    /// <summary>apimachinery's <c>IsDNS1123Subdomain</c>: the messages, without a field (also a qualified name's prefix rule).</summary>
    public static IReadOnlyList<string> Dns1123SubdomainMessages(string value)
    {
        var messages = new List<string>();
        if (value.Length > 253)
        {
            messages.Add("must be no more than 253 characters");
        }

        if (!DnsSubdomain().IsMatch(value))
        {
            messages.Add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }

        return messages;
    }

    private static List<string> Dns1123LabelMessages(string value)
    {
        var messages = new List<string>();
        if (value.Length > 63)
        {
            messages.Add("must be no more than 63 characters");
        }

        if (!DnsLabel().IsMatch(value))
        {
            messages.Add(DnsSubdomain().IsMatch(value)
                ? "must not contain dots"
                : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
        }

        return messages;
    }

    private static FieldError Invalid(string name, string detail) => FieldError.Invalid("metadata.name", $"\"{name}\"", detail);

    /// <summary>apimachinery's ValidatePathSegmentName: not "." or "..", no "/" or "%".</summary>
    public static FieldError? ValidatePathSegment(string name) =>
        name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('%', StringComparison.Ordinal)
            ? FieldError.Invalid("metadata.name", $"\"{name}\"", "may not be '.' or '..' and may not contain '/' or '%'")
            : null;

    public static string Generate(string prefix)
    {
        if (prefix.Length > 58)
        {
            prefix = prefix[..58];
        }

        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = SuffixAlphabet[Random.Shared.Next(SuffixAlphabet.Length)];
        }

        return prefix + new string(suffix);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
