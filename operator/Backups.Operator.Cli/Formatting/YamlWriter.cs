using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Backups.Operator.Cli.Formatting;

/// <summary>Writes JSON as block-style YAML, as <c>kubectl get -o yaml</c> prints it (keys in JSON order, strings quoted only when needed).</summary>
public static class YamlWriter
{
    public static string Write(JsonElement element)
    {
        var builder = new StringBuilder();
        WriteValue(builder, element, indent: 0, inSequence: false);
        return builder.ToString();
    }

    private static void WriteValue(StringBuilder builder, JsonElement element, int indent, bool inSequence)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when element.EnumerateObject().Any():
                var first = true;
                foreach (var property in element.EnumerateObject())
                {
                    if (!(first && inSequence))
                    {
                        builder.Append(' ', indent);
                    }

                    first = false;
                    builder.Append(Scalar(property.Name)).Append(':');
                    WriteNested(builder, property.Value, indent);
                }

                break;
            case JsonValueKind.Array when element.GetArrayLength() > 0:
                foreach (var item in element.EnumerateArray())
                {
                    builder.Append(' ', indent).Append("- ");
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array && IsNonEmpty(item))
                    {
                        WriteValue(builder, item, indent + 2, inSequence: true);
                    }
                    else
                    {
                        builder.Append(Inline(item)).Append('\n');
                    }
                }

                break;
            default:
                builder.Append(Inline(element)).Append('\n');
                break;
        }
    }

    private static void WriteNested(StringBuilder builder, JsonElement value, int indent)
    {
        if (value.ValueKind == JsonValueKind.Object && IsNonEmpty(value))
        {
            builder.Append('\n');
            WriteValue(builder, value, indent + 2, inSequence: false);
        }
        else if (value.ValueKind == JsonValueKind.Array && IsNonEmpty(value))
        {
            builder.Append('\n');
            WriteValue(builder, value, indent, inSequence: false);
        }
        else
        {
            builder.Append(' ').Append(Inline(value)).Append('\n');
        }
    }

    private static bool IsNonEmpty(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object ? value.EnumerateObject().Any() : value.GetArrayLength() > 0;

    private static string Inline(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "{}",
        JsonValueKind.Array => "[]",
        JsonValueKind.String => Scalar(value.GetString()!),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    /// <summary>A string as a YAML scalar: plain when it cannot be read as anything else, otherwise double-quoted.</summary>
    public static string Scalar(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return NeedsQuotes(text) ? JsonSerializer.Serialize(text) : text;
    }

    private static bool NeedsQuotes(string text)
    {
        if (text.Length == 0 || text != text.Trim())
        {
            return true;
        }

        if (text is "true" or "false" or "null" or "~" or "yes" or "no" or "on" or "off" or "True" or "False" or "Yes" or "No" or "NULL" or "Null"
            || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return true;
        }

        if ("-?:,[]{}#&*!|>'\"%@`".Contains(text[0], StringComparison.Ordinal))
        {
            return true;
        }

        return text.Contains(": ", StringComparison.Ordinal) || text.Contains(" #", StringComparison.Ordinal) || text.EndsWith(':')
            || text.Any(char.IsControl);
    }
}
