using Backups.Operator.DigitalOcean.Internal.Http;
using Backups.Operator.DigitalOcean.Results;

namespace Backups.Operator.DigitalOcean.Tests.Http;

public sealed class ErrorClassifierTests
{
    [Theory]
    [InlineData(401, "Unable to authenticate you.", true, DoResultKind.Unauthorized)]
    [InlineData(403, "You do not have permission to perform this action.", true, DoResultKind.Unauthorized)]
    [InlineData(404, "The resource you requested could not be found.", true, DoResultKind.NotFound)]
    [InlineData(422, "Droplet already has a pending event.", false, DoResultKind.PendingEvent)]
    [InlineData(422, "request payload validation failed", false, DoResultKind.InvalidRequest)]
    [InlineData(422, "Droplet is already powered off.", false, DoResultKind.InvalidRequest)]
    [InlineData(400, "the resource is not a snapshot", true, DoResultKind.InvalidRequest)]
    [InlineData(409, "conflict", true, DoResultKind.InvalidRequest)]
    [InlineData(429, "API rate limit exceeded.", true, DoResultKind.RateLimited)]
    [InlineData(429, "API rate limit exceeded.", false, DoResultKind.RateLimited)]
    [InlineData(408, "timeout", false, DoResultKind.Transient)]
    [InlineData(500, "Unexpected server-side error", true, DoResultKind.Transient)]
    [InlineData(503, "Unavailable", true, DoResultKind.Transient)]
    [InlineData(500, "Unexpected server-side error", false, DoResultKind.Ambiguous)]
    [InlineData(504, "Gateway timeout", false, DoResultKind.Ambiguous)]
    [InlineData(501, "Not implemented", false, DoResultKind.InvalidRequest)]
    public void Classifies_by_status_then_message(int status, string message, bool idempotent, DoResultKind expected) =>
        ErrorClassifier.Classify(status, message, idempotent).Should().Be(expected);

    [Fact]
    public void Parses_the_error_body_with_request_id()
    {
        var error = ErrorClassifier.ParseError(422, """{"id":"unprocessable_entity","message":"Droplet already has a pending event.","request_id":"4851a473-1"}""", "Unprocessable", null);

        error.Should().Be(new DoError(422, "unprocessable_entity", "Droplet already has a pending event.", "4851a473-1"));
    }

    [Fact]
    public void Falls_back_to_the_reason_phrase_and_the_request_id_header()
    {
        var error = ErrorClassifier.ParseError(502, "<html>bad gateway</html>", "Bad Gateway", "req-9");

        error.Should().Be(new DoError(502, null, "Bad Gateway", "req-9"));
    }
}
