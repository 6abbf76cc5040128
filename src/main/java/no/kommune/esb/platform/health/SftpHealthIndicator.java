package no.kommune.esb.platform.health;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The SFTP server is up when it accepts a TCP connection and greets with an SSH identification line. */
@Component("sftp")
public class SftpHealthIndicator extends AbstractHealthIndicator {

    private static final int TIMEOUT_MS = 3000;

    private final String host;
    private final int port;

    public SftpHealthIndicator(@Value("${platform.sftp.host}") String host, @Value("${platform.sftp.port}") int port) {
        super("SFTP health check failed");
        this.host = host;
        this.port = port;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            String banner = readLine(socket.getInputStream());
            if (banner.startsWith("SSH-")) {
                builder.up().withDetail("server", banner);
            } else {
                builder.down().withDetail("reason", "no SSH greeting");
            }
        }
    }

    private static String readLine(InputStream in) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n' && sb.length() < 255) {
            sb.append((char) c);
        }
        return new String(sb.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).trim();
    }
}
