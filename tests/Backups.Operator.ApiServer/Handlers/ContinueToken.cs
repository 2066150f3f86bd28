using System.Globalization;
using System.Text;
using Backups.Operator.ApiServer.Http;

namespace Backups.Operator.ApiServer.Handlers;

/// <summary>The opaque <c>continue</c> token of a paged list: the first page's revision and the last key served.</summary>
internal static class ContinueToken
{
    public static string Encode(long revision, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{revision.ToString(CultureInfo.InvariantCulture)}|{lastKey}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (long Revision, string LastKey) Decode(string token)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var separator = text.IndexOf('|', StringComparison.Ordinal);
            return (long.Parse(text[..separator], CultureInfo.InvariantCulture), text[(separator + 1)..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
        {
            throw StatusObjects.BadRequest($"continue key is not valid: {e.Message}");
        }
    }
}
