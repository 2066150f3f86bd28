using Backups.Operator.Simulator.State;

namespace Backups.Operator.Simulator.Api;

/// <summary>What an API handler answers: a status and a JSON body (null: no body, as for 204).</summary>
internal sealed record ApiResponse(int StatusCode, object? Body)
{
    public static ApiResponse Ok(object body) => new(200, body);

    public static ApiResponse Created(object body) => new(201, body);

    public static ApiResponse NoContent { get; } = new(204, null);

    public static ApiResponse From(ApiError error) => new(error.StatusCode, error);
}

/// <summary>The authenticated caller and what faults decided for this request.</summary>
internal sealed record ApiCall(SimAccount Account, bool ActionWillError);
