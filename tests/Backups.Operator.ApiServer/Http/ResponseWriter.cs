using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Backups.Operator.ApiServer.Http;

/// <summary>Writes JSON answers; list bodies are assembled from each item's cached bytes.</summary>
internal static class ResponseWriter
{
    public static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body), cancellationToken);
    }

    public static async Task WriteBytesAsync(HttpContext context, int status, byte[] body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, cancellationToken);
    }

    public static Task WriteStatusAsync(HttpContext context, ApiException error, CancellationToken cancellationToken) =>
        WriteJsonAsync(context, error.Code, error.ToStatus(), cancellationToken);

    /// <summary>Writes <c>{"kind":..,"apiVersion":..,"metadata":{..},"items":[..]}</c> without re-serializing items.</summary>
    public static async Task WriteListAsync(HttpContext context, string kind, string apiVersion, JsonObject metadata, IEnumerable<byte[]> items, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var writer = context.Response.BodyWriter;
        var header = new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion, ["metadata"] = metadata }.ToJsonString();
        writer.Write(Encoding.UTF8.GetBytes(header[..^1] + ",\"items\":["));
        var first = true;
        var pending = 0;
        foreach (var item in items)
        {
            if (!first)
            {
                writer.Write(","u8);
            }

            writer.Write(item);
            first = false;
            pending += item.Length;
            if (pending > 64 * 1024)
            {
                await writer.FlushAsync(cancellationToken);
                pending = 0;
            }
        }

        writer.Write("]}"u8);
        await writer.FlushAsync(cancellationToken);
    }
}
