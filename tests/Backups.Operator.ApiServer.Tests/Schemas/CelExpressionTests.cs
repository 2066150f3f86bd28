using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Schemas.Cel;

namespace Backups.Operator.ApiServer.Tests.Schemas;

public sealed class CelExpressionTests
{
    private static bool Evaluate(string rule, string self, string? old = null) =>
        CelExpression.Compile(rule).Evaluate(CelNode.FromJson(JsonNode.Parse(self)), old is null ? null : CelNode.FromJson(JsonNode.Parse(old)));

    [Theory]
    [InlineData("self == oldSelf", "5", "5", true)]
    [InlineData("self == oldSelf", "5", "6", false)]
    [InlineData("self == oldSelf", """{"a":[1,2]}""", """{"a":[1,2]}""", true)]
    [InlineData("self.min <= self.max", """{"min":1,"max":3}""", null, true)]
    [InlineData("self.min <= self.max", """{"min":4,"max":3}""", null, false)]
    [InlineData("size(self.name) < 5 && self.name.startsWith('ab')", """{"name":"abc"}""", null, true)]
    [InlineData("self.name.size() >= 5 || !has(self.other)", """{"name":"abc"}""", null, true)]
    [InlineData("has(self.other) ? self.other > 1 : true", """{"other":1}""", null, false)]
    [InlineData("self.plan in ['Advanced', 'Pro']", """{"plan":"Pro"}""", null, true)]
    [InlineData("self.items.all(i, i.size() > 0) && self.items.exists(i, i == 'x')", """{"items":["x","y"]}""", null, true)]
    [InlineData("self.retention * 2 + 1 == 15 && self.ratio / 2.0 == 0.25", """{"retention":7,"ratio":0.5}""", null, true)]
    [InlineData("self.tz.matches('^[A-Z][a-z]+/[A-Za-z_]+$') || self.tz == 'UTC'", """{"tz":"Europe/Paris"}""", null, true)]
    [InlineData("int(self.a) == 3 && string(self.b) == 'true'", """{"a":3.9,"b":true}""", null, true)]
    public void Evaluates_the_supported_subset(string rule, string self, string? old, bool expected)
    {
        Evaluate(rule, self, old).Should().Be(expected);
    }

    [Fact]
    public void Tracks_whether_a_rule_is_a_transition_rule()
    {
        CelExpression.Compile("self == oldSelf").UsesOldSelf.Should().BeTrue();
        CelExpression.Compile("self > 1").UsesOldSelf.Should().BeFalse();
    }

    [Theory]
    [InlineData("self.map(x, x * 2)")]
    [InlineData("quantity(self) > 1")]
    [InlineData("request.user == 'x'")]
    [InlineData("self.a ==")]
    [InlineData("self.a = 1")]
    public void Rejects_what_it_cannot_evaluate(string rule)
    {
        var act = () => CelExpression.Compile(rule);

        act.Should().Throw<CelException>();
    }

    [Fact]
    public void Missing_keys_are_evaluation_errors()
    {
        var act = () => Evaluate("self.missing == 1", "{}");

        act.Should().Throw<CelException>().WithMessage("no such key: missing");
    }
}
