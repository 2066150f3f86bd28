namespace Backups.Operator.Api.Schema;

/// <summary>
/// A CEL rule published as <c>x-kubernetes-validations</c> on the schema of the property or type it marks.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, AllowMultiple = true)]
public class ValidationRuleAttribute(string rule, string message) : Attribute
{
    /// <summary>The CEL expression, e.g. <c>self == oldSelf</c>.</summary>
    public string Rule { get; } = rule;

    /// <summary>The message the API server returns when the rule is false.</summary>
    public string Message { get; } = message;
}

/// <summary>The field cannot change once set: <c>self == oldSelf</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ImmutableAttribute(string message) : ValidationRuleAttribute("self == oldSelf", message);
