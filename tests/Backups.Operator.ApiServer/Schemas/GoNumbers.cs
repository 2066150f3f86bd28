using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backups.Operator.ApiServer.Schemas;

/// <summary>
/// Numbers as the real API server sees and prints them: its JSON decoder yields an int64 when the literal is an integer
/// that fits, else a float64; an integer-typed field accepts a float64 only when it is whole and within ±(2^53 − 1)
/// (go-openapi <c>IsFloat64AJSONInteger</c>); messages print values with Go's <c>%v</c> (<c>1e+15</c>, <c>9.223372036854776e+18</c>).
/// </summary>
internal static class GoNumbers
{
    private const double MaxJsonFloat = 9007199254740991d;

    /// <summary>Whether the value is an integer to a structural schema.</summary>
    public static bool IsInteger(JsonValue value)
    {
        if (value.TryGetValue<long>(out _) || value.TryGetValue<int>(out _))
        {
            return true;
        }

        if (value.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out _))
        {
            return true;
        }

        return value.TryGetValue<double>(out var d) && !double.IsNaN(d) && !double.IsInfinity(d)
            && Math.Abs(d) <= MaxJsonFloat && Math.Round(d) == d;
    }

    /// <summary>The value as Go's <c>%v</c> prints what the server decoded: int64 digits, or a float64.</summary>
    public static string Display(JsonValue value)
    {
        if (value.TryGetValue<long>(out var l))
        {
            return l.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var parsed))
        {
            return parsed.ToString(CultureInfo.InvariantCulture);
        }

        return value.TryGetValue<double>(out var d) ? Format(d) : value.ToJsonString();
    }

    /// <summary>
    /// Go's <c>%v</c> of a float64 (<c>strconv.FormatFloat(f, 'g', -1, 64)</c>): the shortest round-trip digits, in
    /// exponent form (<c>1e+06</c>, <c>9.223372036854776e+18</c>) when the decimal exponent is below −4 or at least 6.
    /// </summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        // Shortest round-trip digits and decimal exponent.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = value < 0;
        var (digits, exponent) = Decompose(Math.Abs(value), shortest.TrimStart('-'));
        const int threshold = 6;
        string text;
        if (exponent < -4 || exponent >= threshold)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            text = $"{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        else if (exponent < 0)
        {
            text = "0." + new string('0', -exponent - 1) + digits;
        }
        else if (digits.Length <= exponent + 1)
        {
            text = digits + new string('0', exponent + 1 - digits.Length);
        }
        else
        {
            text = digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
        }

        return negative ? "-" + text : text;
    }

    private static (string Digits, int Exponent) Decompose(double value, string roundTrip)
    {
        if (value == 0)
        {
            return ("0", 0);
        }

        // roundTrip is like 1E+15, 9.223372036854776E+18, 1000000, 0.0001 or 1.5E-05.
        var e = roundTrip.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? roundTrip : roundTrip[..e];
        var exponent = e < 0 ? 0 : int.Parse(roundTrip[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? mantissa : mantissa[..dot];
        var fraction = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var all = (integerPart + fraction).TrimStart('0');
        var leadingZeros = (integerPart + fraction).Length - all.Length;
        exponent += integerPart.Length - 1 - leadingZeros;
        return (all.TrimEnd('0') is { Length: > 0 } trimmed ? trimmed : "0", exponent);
    }
}
