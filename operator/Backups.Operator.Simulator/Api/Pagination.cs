using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;

namespace Backups.Operator.Simulator.Api;

/// <summary>DigitalOcean pagination: <c>page</c> (from 1) and <c>per_page</c> (default 20, at most 200), absolute
/// <c>links.pages</c> URLs (only the ones that make sense) and <c>meta.total</c>.</summary>
internal static class Pagination
{
    public const int DefaultPerPage = 20;
    public const int MaxPerPage = 200;

    public static Dictionary<string, object?> Envelope<T>(HttpRequest request, string key, IReadOnlyList<T> all, Func<T, object> map)
    {
        var page = ReadInt(request, "page", 1, 1, int.MaxValue);
        var perPage = ReadInt(request, "per_page", DefaultPerPage, 1, MaxPerPage);
        var lastPage = Math.Max(1, (int)Math.Ceiling(all.Count / (double)perPage));
        var items = all.Skip((int)Math.Min((long)(page - 1) * perPage, int.MaxValue)).Take(perPage).Select(map).ToList();

        var pages = new Dictionary<string, string>(StringComparer.Ordinal);
        if (page > 1)
        {
            pages["first"] = Link(request, 1, perPage);
            pages["prev"] = Link(request, Math.Min(page - 1, lastPage), perPage);
        }

        if (page < lastPage)
        {
            pages["next"] = Link(request, page + 1, perPage);
            pages["last"] = Link(request, lastPage, perPage);
        }

        object links = pages.Count == 0 ? new Dictionary<string, object>() : new Dictionary<string, object> { ["pages"] = pages };
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [key] = items,
            ["links"] = links,
            ["meta"] = new Dictionary<string, int> { ["total"] = all.Count },
        };
    }

    private static int ReadInt(HttpRequest request, string name, int fallback, int min, int max) =>
        int.TryParse(request.Query[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? Math.Clamp(value, min, max)
            : fallback;

    private static string Link(HttpRequest request, int page, int perPage)
    {
        var query = new QueryBuilder();
        foreach (var (name, values) in request.Query)
        {
            if (name is "page" or "per_page")
            {
                continue;
            }

            foreach (var value in values)
            {
                query.Add(name, value ?? string.Empty);
            }
        }

        query.Add("page", page.ToString(CultureInfo.InvariantCulture));
        query.Add("per_page", perPage.ToString(CultureInfo.InvariantCulture));
        return UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, query.ToQueryString());
    }
}
