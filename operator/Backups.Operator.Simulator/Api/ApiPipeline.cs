using System.Globalization;
using System.Text.Json;
using Backups.Operator.Simulator.Api.Wire;
using Backups.Operator.Simulator.Faults;
using Backups.Operator.Simulator.RateLimiting;
using Backups.Operator.Simulator.Requests;
using Backups.Operator.Simulator.State;
using Microsoft.Net.Http.Headers;

namespace Backups.Operator.Simulator.Api;

/// <summary>
/// What every <c>/v2</c> request goes through, in DigitalOcean's order: authentication (401), the token's rate limit
/// (429, <c>ratelimit-*</c> headers on every response), injected faults, the handler, and the request log.
/// </summary>
internal static class ApiPipeline
{
    public static async Task HandleAsync(HttpContext context, string operation, long? dropletId, Func<ApiCall, ApiResponse> handler)
    {
        var state = context.RequestServices.GetRequiredService<SimulatorState>();
        state.Requests.BeginRequest();
        try
        {
            await HandleCoreAsync(context, state, operation, dropletId, handler).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (for example it timed out during a slow fault): nothing to answer; log it as 499.
            Record(context, state, operation, null, 499);
        }
        finally
        {
            state.Requests.EndRequest();
        }
    }

    private static async Task HandleCoreAsync(HttpContext context, SimulatorState state, string operation, long? dropletId, Func<ApiCall, ApiResponse> handler)
    {
        var now = state.TimeProvider.GetUtcNow();
        var account = state.Authenticate(BearerToken(context.Request));
        if (account is null)
        {
            WriteRateHeaders(context.Response, state.RateLimits.Uncounted(now));
            await WriteAsync(context, state, operation, null, ApiResponse.From(ApiError.Unauthorized)).ConfigureAwait(false);
            return;
        }

        var verdict = state.RateLimits.Check(account.Uuid, now);
        WriteRateHeaders(context.Response, verdict);
        if (!verdict.Allowed)
        {
            if (verdict.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await WriteAsync(context, state, operation, account, ApiResponse.From(ApiError.TooManyRequests)).ConfigureAwait(false);
            return;
        }

        var fault = state.Faults.Match(operation, dropletId);
        if (fault is not null && !fault.AfterCommit)
        {
            switch (fault.Kind)
            {
                case FaultKind.HttpError:
                    await WriteAsync(context, state, operation, account, ApiResponse.From(ApiError.ServerError(fault.StatusCode))).ConfigureAwait(false);
                    return;
                case FaultKind.RateLimit:
                    context.Response.Headers["ratelimit-remaining"] = "0";
                    context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                    await WriteAsync(context, state, operation, account, ApiResponse.From(ApiError.TooManyRequests)).ConfigureAwait(false);
                    return;
                case FaultKind.PendingEvent:
                    await WriteAsync(context, state, operation, account, ApiResponse.From(ApiError.PendingEvent)).ConfigureAwait(false);
                    return;
                case FaultKind.DropConnection:
                    Drop(context, state, operation, account);
                    return;
                case FaultKind.Slow:
                    await DelayAsync(state, fault, context.RequestAborted).ConfigureAwait(false);
                    break;
            }
        }

        var response = handler(new ApiCall(account, fault?.Kind == FaultKind.ErroredAction));
        if (fault is { AfterCommit: true })
        {
            switch (fault.Kind)
            {
                case FaultKind.HttpError:
                    response = ApiResponse.From(ApiError.ServerError(fault.StatusCode));
                    break;
                case FaultKind.DropConnection:
                    Drop(context, state, operation, account);
                    return;
                case FaultKind.Slow:
                    await DelayAsync(state, fault, context.RequestAborted).ConfigureAwait(false);
                    break;
            }
        }

        await WriteAsync(context, state, operation, account, response).ConfigureAwait(false);
    }

    /// <summary>The token of <c>Authorization: Bearer …</c>, or null.</summary>
    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? header[prefix.Length..].Trim() : null;
    }

    private static void WriteRateHeaders(HttpResponse response, RateLimitVerdict verdict)
    {
        response.Headers["ratelimit-limit"] = verdict.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["ratelimit-remaining"] = verdict.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["ratelimit-reset"] = verdict.Reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    }

    private static async Task DelayAsync(SimulatorState state, FaultRule fault, CancellationToken cancellationToken)
    {
        // The timer exists once Task.Delay returns; only then is the request counted as delayed.
        var delay = Task.Delay(TimeSpan.FromSeconds(fault.DelaySeconds), state.TimeProvider, cancellationToken);
        state.Requests.BeginDelay();
        try
        {
            await delay.ConfigureAwait(false);
        }
        finally
        {
            state.Requests.EndDelay();
        }
    }

    private static void Drop(HttpContext context, SimulatorState state, string operation, SimAccount? account)
    {
        Record(context, state, operation, account, 0);
        context.Abort();
    }

    private static async Task WriteAsync(HttpContext context, SimulatorState state, string operation, SimAccount? account, ApiResponse response)
    {
        Record(context, state, operation, account, response.StatusCode);
        var requestId = Guid.NewGuid().ToString("D");
        context.Response.StatusCode = response.StatusCode;
        context.Response.Headers["x-request-id"] = requestId;
        if (response.Body is null)
        {
            return;
        }

        var body = response.Body is ApiError error ? new ErrorWire(error.Id, error.Message, requestId) : response.Body;
        context.Response.Headers[HeaderNames.ContentType] = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), SimulatorJson.Api, context.RequestAborted).ConfigureAwait(false);
    }

    private static void Record(HttpContext context, SimulatorState state, string operation, SimAccount? account, int statusCode) =>
        state.Requests.Record(new RequestLogEntry(
            state.TimeProvider.GetUtcNow(),
            operation,
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            statusCode,
            account?.Uuid));
}
