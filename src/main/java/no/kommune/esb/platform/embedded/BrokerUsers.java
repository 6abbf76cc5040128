package no.kommune.esb.platform.embedded;

import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded broker's users: each has a password and one role. A user may do what the broker's security
 * settings grant its role on the address, so a fagsystem user can be confined to its own queues.
 */
final class BrokerUsers implements ActiveMQSecurityManager {

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
}
