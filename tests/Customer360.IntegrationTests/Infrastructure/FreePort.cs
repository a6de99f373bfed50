using System.Net;
using System.Net.Sockets;

namespace Customer360.IntegrationTests.Infrastructure;

public static class FreePort
{
    /// <summary>A TCP port that was free a moment ago on 127.0.0.1 (the OS picks it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
