namespace Customer360.Ingestion.Nats.Client.Protocol;

public enum ServerOpKind
{
    Info,
    Msg,
    Ping,
    Pong,
    Ok,
    Err,
}

/// <summary>One operation sent by the server: INFO json, MSG/HMSG (with its sid), PING, PONG, +OK, -ERR text.</summary>
public sealed record ServerOp(ServerOpKind Kind, string? Text = null, long Sid = 0, NatsMessage? Message = null)
{
    public static readonly ServerOp PingOp = new(ServerOpKind.Ping);
    public static readonly ServerOp PongOp = new(ServerOpKind.Pong);
    public static readonly ServerOp OkOp = new(ServerOpKind.Ok);
}
