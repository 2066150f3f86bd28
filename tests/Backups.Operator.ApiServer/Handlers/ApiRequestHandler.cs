using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Faults;
using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Logging;
using Backups.Operator.ApiServer.Resources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Backups.Operator.ApiServer.Handlers;

/// <summary>The single request entry point: version, health, discovery, OpenAPI, then resource URLs.</summary>
internal sealed class ApiRequestHandler
{
    private readonly ResourceCatalog _catalog;
    private readonly ResourceHandler _resources;
    private readonly OpenApiDocuments _openApi;
    private readonly ApiServerFaults _faults;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DateTimeOffset _started;

    public ApiRequestHandler(ResourceCatalog catalog, ResourceHandler resources, OpenApiDocuments openApi, ApiServerFaults faults, TimeProvider time, ILogger logger)
    {
        _catalog = catalog;
        _resources = resources;
        _openApi = openApi;
        _faults = faults;
        _time = time;
        _logger = logger;
        _started = time.GetUtcNow();
    }

    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var path = context.Request.Path.Value ?? "/";
        try
        {
            if (_faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(_faults.Latency, _time, cancellationToken);
            }

            await RouteAsync(context, path.TrimEnd('/'), cancellationToken);
        }
        catch (ApiException e)
        {
            if (!context.Response.HasStarted)
            {
                await ResponseWriter.WriteStatusAsync(context, e, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.RequestFailed(_logger, e, context.Request.Method, path);
            if (!context.Response.HasStarted)
            {
                await ResponseWriter.WriteStatusAsync(context, StatusObjects.InternalError(e.Message), cancellationToken);
            }
        }

        Log.Request(_logger, context.Request.Method, path, context.Response.StatusCode);
    }

    private static ApiException NotFound() => StatusObjects.NotFound("the server could not find the requested resource");

    private async Task RouteAsync(HttpContext context, string path, CancellationToken cancellationToken)
    {
        switch (path)
        {
            case "/version":
                await ResponseWriter.WriteJsonAsync(context, 200, DiscoveryDocuments.Version(_started), cancellationToken);
                return;
            case "/healthz" or "/livez" or "/readyz":
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok", cancellationToken);
                return;
            case "/api":
                await ResponseWriter.WriteJsonAsync(context, 200, DiscoveryDocuments.CoreVersions(context.Request.Host.Value ?? "127.0.0.1"), cancellationToken);
                return;
            case "/apis":
                await ResponseWriter.WriteJsonAsync(context, 200, DiscoveryDocuments.GroupList(_catalog.All), cancellationToken);
                return;
            case "/openapi/v3":
                await ResponseWriter.WriteBytesAsync(context, 200, _openApi.Root(), cancellationToken);
                return;
        }

        if (path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            var document = _openApi.Document(path["/openapi/v3/".Length..]) ?? throw NotFound();
            await ResponseWriter.WriteBytesAsync(context, 200, document, cancellationToken);
            return;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["apis", var group])
        {
            var document = DiscoveryDocuments.Group(_catalog.All, group) ?? throw NotFound();
            await ResponseWriter.WriteJsonAsync(context, 200, document, cancellationToken);
            return;
        }

        var apiPath = ApiPath.Parse(path) ?? throw NotFound();
        if (apiPath.Plural is null)
        {
            JsonObject list = DiscoveryDocuments.ResourceList(_catalog.All, apiPath.Group, apiPath.Version) ?? throw NotFound();
            await ResponseWriter.WriteJsonAsync(context, 200, list, cancellationToken);
            return;
        }

        await _resources.HandleAsync(context, apiPath, cancellationToken);
    }
}
