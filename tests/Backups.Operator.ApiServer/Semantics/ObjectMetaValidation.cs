using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Backups.Operator.ApiServer.Http;

namespace Backups.Operator.ApiServer.Semantics;

/// <summary>
/// apimachinery's <c>ValidateLabels</c> and <c>ValidateAnnotations</c> (run on every create and update of every kind):
/// label and annotation keys are qualified names, label values at most 63 characters of a restricted alphabet, and
/// all annotations together at most 256 KiB. Messages and fields (<c>metadata.labels</c> / <c>metadata.annotations</c>,
/// not keyed) are the real server's; keys are checked in ordinal order so the output is stable.
/// </summary>
internal static partial class ObjectMetaValidation
{
    public const int TotalAnnotationSizeLimitBytes = 256 * 1024;

    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";

    private const string QualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '" + QualifiedNameFormat + "')";

    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '" + LabelValueFormat + "')";

    public static IReadOnlyList<FieldError> Validate(JsonObject metadata)
    {
        var errors = new List<FieldError>();
        if (metadata["labels"] is JsonObject labels)
        {
            foreach (var (key, value) in Entries(labels))
            {
                errors.AddRange(QualifiedNameMessages(key).Select(m => FieldError.Invalid("metadata.labels", Quote(key), m)));
                errors.AddRange(LabelValueMessages(value).Select(m => FieldError.Invalid("metadata.labels", Quote(value), m)));
            }
        }

        if (metadata["annotations"] is JsonObject annotations)
        {
            var entries = Entries(annotations);
            foreach (var (key, _) in entries)
            {
                // The rule is a qualified name except that case does not matter (the real server lowercases first).
                errors.AddRange(QualifiedNameMessages(key.ToLowerInvariant()).Select(m => FieldError.Invalid("metadata.annotations", Quote(key), m)));
            }

            var totalBytes = entries.Sum(e => (long)Encoding.UTF8.GetByteCount(e.Key) + Encoding.UTF8.GetByteCount(e.Value));
            if (totalBytes > TotalAnnotationSizeLimitBytes)
            {
                errors.Add(FieldError.TooLong("metadata.annotations", TotalAnnotationSizeLimitBytes));
            }
        }

        return errors;
    }

    /// <summary>apimachinery's <c>IsQualifiedName</c>: an optional DNS-subdomain prefix and '/', then a name part of at most 63 characters.</summary>
    public static IReadOnlyList<string> QualifiedNameMessages(string value)
    {
        var messages = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0)
                {
                    messages.Add("prefix part must be non-empty");
                }
                else
                {
                    messages.AddRange(ObjectNames.Dns1123SubdomainMessages(parts[0]).Select(m => "prefix part " + m));
                }

                break;
            default:
                messages.Add("a qualified name " + QualifiedNameMessage + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return messages;
        }

        if (name.Length == 0)
        {
            messages.Add("name part must be non-empty");
        }
        else if (name.Length > 63)
        {
            messages.Add("name part must be no more than 63 characters");
        }

        if (!QualifiedName().IsMatch(name))
        {
            messages.Add("name part " + QualifiedNameMessage);
        }

        return messages;
    }

    /// <summary>apimachinery's <c>IsValidLabelValue</c>.</summary>
    public static IReadOnlyList<string> LabelValueMessages(string value)
    {
        var messages = new List<string>();
        if (value.Length > 63)
        {
            messages.Add("must be no more than 63 characters");
        }

        if (!LabelValue().IsMatch(value))
        {
            messages.Add(LabelValueMessage);
        }

        return messages;
    }

    private static List<KeyValuePair<string, string>> Entries(JsonObject map) =>
        map.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value?.ToJsonString() ?? string.Empty))
            .ToList();

    private static string Quote(string value) => $"\"{value}\"";

    [GeneratedRegex("^" + QualifiedNameFormat + @"\z")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^" + LabelValueFormat + @"\z")]
    private static partial Regex LabelValue();
}
