using System.Text.Json.Nodes;

namespace Backups.Operator.ApiServer.Storage;

/// <summary>What a write decided to do with the current object.</summary>
internal abstract record Mutation
{
    public static Mutation Keep { get; } = new KeepMutation();

    public static Mutation Remove { get; } = new RemoveMutation();

    public static Mutation Put(JsonObject value) => new PutMutation(value);

    public sealed record KeepMutation : Mutation;

    public sealed record RemoveMutation : Mutation;

    public sealed record PutMutation(JsonObject Value) : Mutation;
}

/// <summary>The stored object after a write, and whether the write removed it.</summary>
internal sealed record MutationResult(StoredObject Object, bool Removed, bool Changed);
