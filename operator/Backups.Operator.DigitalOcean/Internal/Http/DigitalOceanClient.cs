using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Backups.Operator.DigitalOcean.Internal.Json;
using Backups.Operator.DigitalOcean.Internal.RateLimiting;
using Backups.Operator.DigitalOcean.Metrics;
using Backups.Operator.DigitalOcean.Models;
using Backups.Operator.DigitalOcean.Results;
using Microsoft.Extensions.Logging;

namespace Backups.Operator.DigitalOcean.Internal.Http;

/// <summary>The HTTP implementation of <see cref="IDigitalOceanClient"/> for one token.</summary>
internal sealed class DigitalOceanClient : IDigitalOceanClient
{
    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient _http;
    private readonly string _token;
    private readonly TokenRateLimiter _limiter;
    private readonly RequestPriority _priority;
    private readonly DigitalOceanClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IDigitalOceanClientMetrics _metrics;
    private readonly ILogger _logger;

    public DigitalOceanClient(
        HttpClient http,
        string token,
        string tokenLabel,
        TokenRateLimiter limiter,
        RequestPriority priority,
        DigitalOceanClientOptions options,
        TimeProvider timeProvider,
        IDigitalOceanClientMetrics metrics,
        ILogger logger)
    {
        _http = http;
        _token = token;
        TokenLabel = tokenLabel;
        _limiter = limiter;
        _priority = priority;
        _options = options;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
    }

    public string TokenLabel { get; }

    public Task<DoResult<Account>> GetAccountAsync(CancellationToken cancellationToken) =>
        GetOneAsync(DigitalOceanOperations.GetAccount, "v2/account", (AccountEnvelope e) => DigitalOceanJson.ToModel(e.Account), cancellationToken);

    public Task<DoResult<Droplet>> GetDropletAsync(long dropletId, CancellationToken cancellationToken) =>
        GetOneAsync(DigitalOceanOperations.GetDroplet, $"v2/droplets/{Id(dropletId)}", (DropletEnvelope e) => DigitalOceanJson.ToModel(e.Droplet), cancellationToken);

    public Task<DoResult<IReadOnlyList<Snapshot>>> ListDropletSnapshotsAsync(long dropletId, CancellationToken cancellationToken) =>
        ListAllAsync(
            DigitalOceanOperations.ListDropletSnapshots,
            $"v2/droplets/{Id(dropletId)}/snapshots?page=1&per_page={Id(_options.PageSize)}",
            (SnapshotListEnvelope e) => new Page<Snapshot>(e.Snapshots?.Select(s => DigitalOceanJson.ToModel(s, dropletId)).OfType<Snapshot>().ToList() ?? [], e.Links?.Pages?.Next),
            maxPages: _options.MaxPages,
            cancellationToken);

    public async Task<DoResult<IReadOnlyList<Snapshot>>> FindDropletSnapshotsByNameAsync(long dropletId, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var all = await ListDropletSnapshotsAsync(dropletId, cancellationToken).ConfigureAwait(false);
        if (!all.IsOk)
        {
            return all;
        }

        IReadOnlyList<Snapshot> matches = all.Value.Where(s => string.Equals(s.Name, name, StringComparison.Ordinal)).OrderBy(s => s.CreatedAt).ToList();
        return DoResult<IReadOnlyList<Snapshot>>.Ok(matches);
    }

    public Task<DoResult<IReadOnlyList<DropletAction>>> ListDropletActionsAsync(long dropletId, CancellationToken cancellationToken) =>
        ListAllAsync<ActionListEnvelope, DropletAction>(
            DigitalOceanOperations.ListDropletActions,
            $"v2/droplets/{Id(dropletId)}/actions?page=1&per_page={Id(_options.PageSize)}",
            ParseActions,
            maxPages: _options.MaxPages,
            cancellationToken);

    public Task<DoResult<IReadOnlyList<DropletAction>>> ListRecentDropletActionsAsync(long dropletId, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 200);
        return ListAllAsync<ActionListEnvelope, DropletAction>(
            DigitalOceanOperations.ListDropletActions,
            $"v2/droplets/{Id(dropletId)}/actions?page=1&per_page={Id(count)}",
            ParseActions,
            maxPages: 1,
            cancellationToken);
    }

    public Task<DoResult<DropletAction>> SnapshotDropletAsync(long dropletId, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return PostActionAsync(DigitalOceanOperations.SnapshotDroplet, dropletId, new SnapshotActionRequest("snapshot", name), cancellationToken);
    }

    public Task<DoResult<DropletAction>> RebuildDropletAsync(long dropletId, long imageId, CancellationToken cancellationToken) =>
        PostActionAsync(DigitalOceanOperations.RebuildDroplet, dropletId, new RebuildActionRequest("rebuild", imageId), cancellationToken);

    public Task<DoResult<DropletAction>> GetActionAsync(long actionId, CancellationToken cancellationToken) =>
        GetOneAsync(DigitalOceanOperations.GetAction, $"v2/actions/{Id(actionId)}", (ActionEnvelope e) => DigitalOceanJson.ToModel(e.Action), cancellationToken);

    public Task<DoResult<DropletAction>> GetDropletActionAsync(long dropletId, long actionId, CancellationToken cancellationToken) =>
        GetOneAsync(
            DigitalOceanOperations.GetDropletAction,
            $"v2/droplets/{Id(dropletId)}/actions/{Id(actionId)}",
            (ActionEnvelope e) => DigitalOceanJson.ToModel(e.Action),
            cancellationToken);

    public Task<DoResult<Snapshot>> GetSnapshotAsync(string snapshotId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(snapshotId);
        return GetOneAsync(
            DigitalOceanOperations.GetSnapshot,
            $"v2/snapshots/{Uri.EscapeDataString(snapshotId)}",
            (SnapshotEnvelope e) => DigitalOceanJson.ToModel(e.Snapshot),
            cancellationToken);
    }

    public async Task<DoResult<SnapshotDeletion>> DeleteSnapshotAsync(string snapshotId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(snapshotId);
        var result = await ExecuteAsync(
            DigitalOceanOperations.DeleteSnapshot,
            HttpMethod.Delete,
            $"v2/snapshots/{Uri.EscapeDataString(snapshotId)}",
            body: null,
            idempotent: true,
            _ => DoResult<SnapshotDeletion>.Ok(SnapshotDeletion.Deleted),
            cancellationToken).ConfigureAwait(false);

        // DELETE is idempotent in effect: a 404 (also after a retried DELETE that did succeed) means it is gone.
        return result.Kind == DoResultKind.NotFound ? DoResult<SnapshotDeletion>.Ok(SnapshotDeletion.AlreadyGone) : result;
    }

    public override string ToString() => $"DigitalOceanClient({TokenLabel})";

    private static string Id(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static Page<DropletAction> ParseActions(ActionListEnvelope envelope) =>
        new(envelope.Actions?.Select(DigitalOceanJson.ToModel).OfType<DropletAction>().ToList() ?? [], envelope.Links?.Pages?.Next);

    private Task<DoResult<T>> GetOneAsync<TEnvelope, T>(string operation, string relativeUri, Func<TEnvelope, T?> map, CancellationToken cancellationToken)
        where T : class =>
        ExecuteAsync(operation, HttpMethod.Get, relativeUri, body: null, idempotent: true, body => Decode(operation, body, map, idempotent: true), cancellationToken);

    private async Task<DoResult<DropletAction>> PostActionAsync(string operation, long dropletId, object request, CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync(
            operation,
            HttpMethod.Post,
            $"v2/droplets/{Id(dropletId)}/actions",
            request,
            idempotent: false,
            body => Decode(operation, body, (ActionEnvelope e) => DigitalOceanJson.ToModel(e.Action), idempotent: false),
            cancellationToken).ConfigureAwait(false);
        if (result.Kind == DoResultKind.Ambiguous)
        {
            Log.AmbiguousPost(_logger, operation, TokenLabel, result.Error!.Message);
        }

        return result;
    }

    private async Task<DoResult<IReadOnlyList<TItem>>> ListAllAsync<TEnvelope, TItem>(
        string operation,
        string firstUri,
        Func<TEnvelope, Page<TItem>> parse,
        int maxPages,
        CancellationToken cancellationToken)
    {
        var items = new List<TItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? uri = firstUri;
        for (var page = 0; uri is not null; page++)
        {
            if (page >= maxPages)
            {
                if (maxPages == 1)
                {
                    break;
                }

                return DoResult<IReadOnlyList<TItem>>.Failure(
                    DoResultKind.Transient,
                    new DoError(null, "too_many_pages", $"{operation} stopped after {maxPages} pages", null));
            }

            if (!seen.Add(uri))
            {
                return DoResult<IReadOnlyList<TItem>>.Failure(
                    DoResultKind.Transient,
                    new DoError(null, "pagination_loop", $"{operation} returned a next link to a page it already read", null));
            }

            var pageResult = await ExecuteAsync(
                operation,
                HttpMethod.Get,
                uri,
                body: null,
                idempotent: true,
                body => Decode(operation, body, parse, idempotent: true),
                cancellationToken).ConfigureAwait(false);
            if (!pageResult.IsOk)
            {
                return pageResult.CastFailure<IReadOnlyList<TItem>>();
            }

            var (pageItems, next) = pageResult.Value;
            items.AddRange(pageItems);
            if (next is not null && pageItems.Count == 0)
            {
                break;
            }

            uri = next is null ? null : ToRelative(next);
            if (next is not null && uri is null)
            {
                return DoResult<IReadOnlyList<TItem>>.Failure(
                    DoResultKind.Transient,
                    new DoError(null, "bad_next_link", $"{operation} returned a next link outside the API", null));
            }
        }

        return DoResult<IReadOnlyList<TItem>>.Ok(items);
    }

    /// <summary>The next-page link as a URI relative to <see cref="DigitalOceanClientOptions.BaseUrl"/>. Only path and query are kept,
    /// so the token is never sent to another host a link might name.</summary>
    private string? ToRelative(string next)
    {
        if (string.IsNullOrWhiteSpace(next))
        {
            return null;
        }

        var basePath = _options.BaseUrl.AbsolutePath;
        string pathAndQuery;
        if (Uri.TryCreate(next, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            pathAndQuery = absolute.PathAndQuery;
        }
        else if (next.StartsWith('/'))
        {
            pathAndQuery = next;
        }
        else
        {
            return next.StartsWith("v2/", StringComparison.Ordinal) ? next : null;
        }

        if (pathAndQuery.StartsWith(basePath, StringComparison.Ordinal))
        {
            pathAndQuery = pathAndQuery[basePath.Length..];
        }
        else
        {
            pathAndQuery = pathAndQuery.TrimStart('/');
        }

        return pathAndQuery.StartsWith("v2/", StringComparison.Ordinal) ? pathAndQuery : null;
    }

    private DoResult<T> Decode<TEnvelope, T>(string operation, string body, Func<TEnvelope, T?> map, bool idempotent)
        where T : class
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<TEnvelope>(body, DigitalOceanJson.Options);
            if (envelope is not null && map(envelope) is { } value)
            {
                return DoResult<T>.Ok(value);
            }
        }
        catch (JsonException)
        {
            // Falls through to the failure below; the body itself is not echoed.
        }

        return DoResult<T>.Failure(
            idempotent ? DoResultKind.Transient : DoResultKind.Ambiguous,
            new DoError(null, "unreadable_response", $"{operation}: the response body could not be decoded", null));
    }

    private async Task<DoResult<T>> ExecuteAsync<T>(
        string operation,
        HttpMethod method,
        string relativeUri,
        object? body,
        bool idempotent,
        Func<string, DoResult<T>> onSuccess,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            // Never wait for a slot (docs/digitalocean-api.md, "Rate limits"): the caller requeues for the booked time.
            cancellationToken.ThrowIfCancellationRequested();
            var lease = _limiter.TryAcquire(_priority);
            if (!lease.Acquired)
            {
                _metrics.RateLimitDeferred(TokenLabel, _priority);
                Log.RateLimitSlotRefused(_logger, operation, TokenLabel, _priority, lease.RetryAfter.TotalSeconds);
                return DoResult<T>.Failure(
                    DoResultKind.RateLimited,
                    new DoError(null, "client_rate_limited", "the token's request budget has no free slot now", null),
                    lease.RetryAfter);
            }

            var result = await SendOnceAsync(operation, method, relativeUri, body, idempotent, onSuccess, cancellationToken).ConfigureAwait(false);
            if (result.IsOk)
            {
                return result;
            }

            var retryable = idempotent && result.Kind is DoResultKind.Transient or DoResultKind.RateLimited;
            if (!retryable || attempt >= _options.MaxRetries)
            {
                Log.RequestFailed(_logger, operation, TokenLabel, result.Kind, result.Error.StatusCode, result.Error.Id, result.Error.Message);
                return result;
            }

            Log.RequestFailedWillRetry(_logger, operation, TokenLabel, result.Kind, result.Error.StatusCode, result.Error.Id, result.Error.Message);

            // After a 429 the limiter refuses every caller of this token until retry-after/reset: the next attempt returns RateLimited.
            var delay = result.Kind == DoResultKind.RateLimited
                ? TimeSpan.Zero
                : RetryBackoff.Delay(attempt, _options.RetryBaseDelay, _options.MaxRetryDelay, Random.Shared.NextDouble());
            Log.RetryScheduled(_logger, operation, TokenLabel, attempt + 1, (long)delay.TotalMilliseconds, result.Kind);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<DoResult<T>> SendOnceAsync<T>(
        string operation,
        HttpMethod method,
        string relativeUri,
        object? body,
        bool idempotent,
        Func<string, DoResult<T>> onSuccess,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_options.BaseUrl, relativeUri));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Accept.Add(JsonMediaType);
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, body.GetType(), DigitalOceanJson.Options), Encoding.UTF8, "application/json");
        }

        var started = _timeProvider.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        int statusCode;
        string text;
        HttpResponseMessage? response = null;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            statusCode = (int)response.StatusCode;
            text = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            _metrics.RequestCompleted(operation, null, _timeProvider.GetElapsedTime(started));
            throw;
        }
        catch (OperationCanceledException)
        {
            response?.Dispose();
            _metrics.RequestCompleted(operation, null, _timeProvider.GetElapsedTime(started));
            return DoResult<T>.Failure(
                idempotent ? DoResultKind.Transient : DoResultKind.Ambiguous,
                new DoError(null, "timeout", $"no complete response within {_options.RequestTimeout.TotalSeconds:0.###} s", null));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            response?.Dispose();
            _metrics.RequestCompleted(operation, null, _timeProvider.GetElapsedTime(started));
            var neverSent = ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError }
                && response is null;
            var reason = ex is HttpRequestException hre ? hre.HttpRequestError.ToString() : "ResponseRead";
            return DoResult<T>.Failure(
                idempotent || neverSent ? DoResultKind.Transient : DoResultKind.Ambiguous,
                new DoError(null, "connection_error", $"{reason}: {ex.Message}", null));
        }

        using (response)
        {
            var elapsed = _timeProvider.GetElapsedTime(started);
            _metrics.RequestCompleted(operation, statusCode, elapsed);
            Log.RequestCompleted(_logger, operation, TokenLabel, statusCode, (long)elapsed.TotalMilliseconds);

            var observation = RateLimitObservation.From(response, _timeProvider.GetUtcNow());
            _limiter.Observe(observation);
            if (observation.Remaining is { } remaining)
            {
                _metrics.RateLimitRemaining(TokenLabel, remaining);
            }

            if (statusCode is >= 200 and < 300)
            {
                return onSuccess(text);
            }

            var error = ErrorClassifier.ParseError(
                statusCode,
                text,
                response.ReasonPhrase,
                response.Headers.TryGetValues("x-request-id", out var ids) ? ids.FirstOrDefault() : null);
            var kind = ErrorClassifier.Classify(statusCode, error.Message, idempotent);
            TimeSpan? retryAfter = null;
            if (kind == DoResultKind.RateLimited)
            {
                var now = _timeProvider.GetUtcNow();
                retryAfter = observation.RetryAfter
                    ?? (observation.Reset is { } reset && reset > now ? reset - now : TimeSpan.FromSeconds(60));
                Log.RateLimitedByServer(_logger, operation, TokenLabel, retryAfter?.TotalSeconds);
            }
            else if (kind == DoResultKind.PendingEvent || statusCode == (int)HttpStatusCode.ServiceUnavailable)
            {
                retryAfter = observation.RetryAfter;
            }

            return DoResult<T>.Failure(kind, error, retryAfter);
        }
    }

    /// <summary>One page of a list: its items and the <c>links.pages.next</c> URL, if any.</summary>
    private sealed record Page<TItem>(List<TItem> Items, string? Next);

    private sealed record SnapshotActionRequest(
        [property: System.Text.Json.Serialization.JsonPropertyName("type")] string Type,
        [property: System.Text.Json.Serialization.JsonPropertyName("name")] string Name);

    private sealed record RebuildActionRequest(
        [property: System.Text.Json.Serialization.JsonPropertyName("type")] string Type,
        [property: System.Text.Json.Serialization.JsonPropertyName("image")] long Image);
}
