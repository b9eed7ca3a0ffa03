using System.Net;
using Fireworks.Tests.Core.Infrastructure;
using Xunit;

namespace Fireworks.Tests.Core;

public sealed class ErrorMappingTests
{
    private static async Task<FireworksException> FailingGetAsync(HttpResponseMessage response)
    {
        var handler = new FakeHttpHandler().Then(() => response);
        using var client = TestClients.Create(handler, configure: o => o.MaxRetries = 0);
        return await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1"));
    }

    [Fact]
    public async Task IntegerCodeMessageDetailsAndRequestIdAreMapped()
    {
        var exception = await FailingGetAsync(FakeHttpHandler.Json(
            HttpStatusCode.NotFound,
            """{"code": 5, "message": "widget \"w1\" not found", "details": [{"@type": "type.googleapis.com/google.rpc.ResourceInfo", "resourceName": "w1"}]}""",
            ("x-request-id", "req-123")));

        Assert.Equal(5, exception.StatusCode);
        Assert.Equal("NOT_FOUND", exception.CodeName);
        Assert.Equal(404, exception.HttpStatus);
        Assert.Equal("widget \"w1\" not found", exception.ServerMessage);
        Assert.Equal("req-123", exception.RequestId);
        Assert.Equal("Gateway_GetWidget", exception.OperationId);
        Assert.True(exception.IsNotFound);
        Assert.False(exception.IsAlreadyExists);
        Assert.True(exception.HasResponse);
        var detail = Assert.Single(exception.Details);
        Assert.Equal("type.googleapis.com/google.rpc.ResourceInfo", detail.GetProperty("@type").GetString());
        Assert.Equal("w1", detail.GetProperty("resourceName").GetString());
        Assert.Contains("\"resourceName\": \"w1\"", exception.RawBody, StringComparison.Ordinal);
        Assert.Equal("Gateway_GetWidget failed: NOT_FOUND (HTTP 404): widget \"w1\" not found [request-id: req-123]", exception.Message);
    }

    [Fact]
    public async Task StringCodeNameIsMappedAndWinsOverTheHttpStatus()
    {
        var exception = await FailingGetAsync(FakeHttpHandler.Json(
            HttpStatusCode.BadRequest,
            """{"code": "FAILED_PRECONDITION", "message": "job is not paused"}"""));

        Assert.Equal(9, exception.StatusCode);
        Assert.True(exception.IsFailedPrecondition);
        Assert.False(exception.IsInvalidArgument);
        Assert.Equal("Gateway_GetWidget failed: FAILED_PRECONDITION (HTTP 400): job is not paused", exception.Message);
    }

    [Fact]
    public async Task NestedGoogleErrorEnvelopeIsUnderstood()
    {
        var exception = await FailingGetAsync(FakeHttpHandler.Json(
            HttpStatusCode.Conflict,
            """{"error": {"code": 409, "status": "ALREADY_EXISTS", "message": "exists", "details": [{"reason": "DUP"}]}}"""));

        Assert.True(exception.IsAlreadyExists);
        Assert.True(exception.IsConflict);
        Assert.Equal("exists", exception.ServerMessage);
        Assert.Equal("DUP", Assert.Single(exception.Details).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task NonJsonBodyBecomesTheMessageAndIsKeptRaw()
    {
        const string html = "<html>\n  <body>502 Bad Gateway</body>\n</html>";
        var exception = await FailingGetAsync(FakeHttpHandler.Text(HttpStatusCode.BadGateway, html));

        Assert.Equal("UNAVAILABLE", exception.CodeName);
        Assert.Equal(502, exception.HttpStatus);
        Assert.Equal("<html> <body>502 Bad Gateway</body> </html>", exception.ServerMessage);
        Assert.Equal(html, exception.RawBody);
        Assert.Empty(exception.Details);
    }

    [Fact]
    public async Task EmptyBodyFallsBackToTheReasonPhrase()
    {
        var exception = await FailingGetAsync(new HttpResponseMessage(HttpStatusCode.Forbidden));

        Assert.True(exception.IsPermissionDenied);
        Assert.Equal("Forbidden", exception.ServerMessage);
        Assert.Equal(string.Empty, exception.RawBody);
    }

    [Theory]
    [InlineData(400, 3, "INVALID_ARGUMENT")]
    [InlineData(401, 16, "UNAUTHENTICATED")]
    [InlineData(403, 7, "PERMISSION_DENIED")]
    [InlineData(404, 5, "NOT_FOUND")]
    [InlineData(409, 10, "ABORTED")]
    [InlineData(412, 9, "FAILED_PRECONDITION")]
    [InlineData(429, 8, "RESOURCE_EXHAUSTED")]
    [InlineData(500, 13, "INTERNAL")]
    [InlineData(501, 12, "UNIMPLEMENTED")]
    [InlineData(503, 14, "UNAVAILABLE")]
    [InlineData(504, 4, "DEADLINE_EXCEEDED")]
    [InlineData(418, 2, "UNKNOWN")]
    public async Task MissingCodeIsDerivedFromTheHttpStatus(int httpStatus, int expectedCode, string expectedName)
    {
        var exception = await FailingGetAsync(FakeHttpHandler.Json((HttpStatusCode)httpStatus, """{"message": "m"}"""));

        Assert.Equal(expectedCode, exception.StatusCode);
        Assert.Equal(expectedName, exception.CodeName);
        Assert.Equal(httpStatus, exception.HttpStatus);
    }

    [Fact]
    public async Task ConvenienceChecksFollowTheCode()
    {
        var unauthenticated = await FailingGetAsync(FakeHttpHandler.Json(HttpStatusCode.Unauthorized, """{"code": 16, "message": "bad key"}"""));
        Assert.True(unauthenticated.IsUnauthenticated);
        Assert.False(unauthenticated.IsNotFound);

        var rateLimited = await FailingGetAsync(FakeHttpHandler.Json(HttpStatusCode.TooManyRequests, """{"code": 8, "message": "slow down"}"""));
        Assert.True(rateLimited.IsRateLimited);

        var invalid = await FailingGetAsync(FakeHttpHandler.Json(HttpStatusCode.BadRequest, """{"code": 3, "message": "bad filter"}"""));
        Assert.True(invalid.IsInvalidArgument);
    }

    [Fact]
    public async Task OtherRequestIdHeadersAreRecognised()
    {
        var exception = await FailingGetAsync(FakeHttpHandler.Json(HttpStatusCode.NotFound, "{}", ("x-fireworks-request-id", "fw-9")));

        Assert.Equal("fw-9", exception.RequestId);
    }

    [Fact]
    public async Task EmptyResponseOperationStillMapsErrors()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.NotFound, """{"code": 5, "message": "gone"}"""));
        using var client = TestClients.Create(handler, configure: o => o.MaxRetries = 0);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().DeleteAsync("w1"));

        Assert.Equal("Gateway_DeleteWidget failed: NOT_FOUND (HTTP 404): gone", exception.Message);
    }

    [Fact]
    public async Task EmptyResponseOperationSucceedsOnEmptyObject()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, "{}"));
        using var client = TestClients.Create(handler);

        await client.Widgets().DeleteAsync("w1");

        Assert.Equal(HttpMethod.Delete, Assert.Single(handler.Requests).Method);
    }

    [Fact]
    public async Task MalformedSuccessBodyIsAFireworksExceptionWithTheJsonCause()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"name": "w1", "count": "not a number"}"""));
        using var client = TestClients.Create(handler);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1"));

        Assert.Equal(200, exception.HttpStatus);
        Assert.IsType<System.Text.Json.JsonException>(exception.InnerException);
        Assert.StartsWith("Gateway_GetWidget failed: UNKNOWN (HTTP 200): the response body could not be read as Widget", exception.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task SuccessBodyIsDeserializedWithTheTypeInfo()
    {
        var handler = new FakeHttpHandler().Then(() => FakeHttpHandler.Json(HttpStatusCode.OK, """{"name": "w1", "count": 7, "unknownField": {"x": 1}}"""));
        using var client = TestClients.Create(handler);

        var widget = await client.Widgets().GetAsync("w1");

        Assert.Equal("w1", widget.Name);
        Assert.Equal(7, widget.Count);
    }

    [Fact]
    public async Task ConnectionFailureWithoutRetriesIsUnavailableWithoutHttpStatus()
    {
        var handler = new FakeHttpHandler().ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.fireworks.ai:443)"));
        using var client = TestClients.Create(handler, configure: o => o.MaxRetries = 0);

        var exception = await Assert.ThrowsAsync<FireworksException>(() => client.Widgets().GetAsync("w1"));

        Assert.Equal("UNAVAILABLE", exception.CodeName);
        Assert.False(exception.HasResponse);
        Assert.IsType<HttpRequestException>(exception.InnerException);
        Assert.Equal("Gateway_GetWidget failed: UNAVAILABLE (no HTTP response): Connection refused (api.fireworks.ai:443)", exception.Message);
    }
}
