package no.kommune.esb.platform.embedded;

import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager4;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded broker's users: each has a password and one role. A user may do what the broker's security
 * settings grant its role on the address, so a fagsystem user can be confined to its own queues. Refused logins
 * and refused operations are logged at WARN with the user name, the operation and the address (never a password).
 */
final class BrokerUsers implements ActiveMQSecurityManager4 {

    private static final Logger log = LoggerFactory.getLogger(BrokerUsers.class);

    private record Account(byte[] password, String role) {
    }

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    void add(String user, String password, String role) {
        accounts.put(user, new Account(password.getBytes(StandardCharsets.UTF_8), role));
    }

    @Override
    public boolean validateUser(String user, String password) {
        Account account = user == null ? null : accounts.get(user);
        return account != null && password != null
                && MessageDigest.isEqual(account.password(), password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        if (!validateUser(user, password)) {
            return false;
        }
        String role = accounts.get(user).role();
        return roles.stream().anyMatch(r -> r.getName().equals(role) && checkType.hasRole(r));
    }

    @Override
    public String validateUser(String user, String password, RemotingConnection connection, String securityDomain) {
        if (validateUser(user, password)) {
            return user;
        }
        log.warn("Broker login refused for user '{}' from {}", user, connection == null ? "-" : connection.getRemoteAddress());
        return null;
    }

    @Override
    public String validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType, String address,
                                      RemotingConnection connection, String securityDomain) {
        if (validateUserAndRole(user, password, roles, checkType)) {
            return user;
        }
        log.warn("Broker refused {} on '{}' for user '{}'", checkType, address, user);
        return null;
    }
}
