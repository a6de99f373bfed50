// The reference for API latency: what a request costs on this machine with no work behind it. Same Kestrel, same
// loopback, same client as the API run; the body is as large as the route's average response (?bytes=N), so the
// difference to our figure is routing, auth, the store read and serialization.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var bodies = new System.Collections.Concurrent.ConcurrentDictionary<int, byte[]>();
app.MapGet("/{**path}", (int? bytes) =>
{
    var body = bodies.GetOrAdd(Math.Clamp(bytes ?? 600, 16, 1 << 20), n => System.Text.Encoding.UTF8.GetBytes($$"""{"pad":"{{new string('x', n - 10)}}"}"""));
    return Results.Bytes(body, "application/json");
});
// The floor for HTTP ingest (QueryBench ingest): the request body read and dropped, 202 as /api/events answers.
app.MapPost("/ingest", async (HttpRequest request) =>
{
    await request.Body.CopyToAsync(Stream.Null);
    return Results.Accepted();
});
app.Run();
