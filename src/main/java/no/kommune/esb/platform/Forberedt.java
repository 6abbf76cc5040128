package no.kommune.esb.platform;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A value made once, either ahead on a thread of its own ({@link #forbered}: while the context is built, or once the
 * application is ready) or on the thread of its first user ({@link #get}), whichever comes first; a user that comes
 * while it is being made waits for it. Used for work that should stay off start-up's critical path: the fagsystem
 * registrations, the local signing keys, the simulators' token keys.
 * <p>
 * A failed attempt is thrown to each user that waited for it (the cause itself when unchecked) and tried again at the
 * next {@link #get}.
 */
public final class Forberedt<T> implements Supplier<T> {

    private final String traad;
    private final Supplier<T> lag;
    private final AtomicReference<CompletableFuture<T>> forsoek = new AtomicReference<>();

    /** @param traad the name of the thread {@link #forbered} makes it on */
    public Forberedt(String traad, Supplier<T> lag) {
        this.traad = traad;
        this.lag = Objects.requireNonNull(lag, "lag");
    }

    /** A value already made. */
    public static <T> Forberedt<T> ferdig(T verdi) {
        Forberedt<T> ferdig = new Forberedt<>("-", () -> verdi);
        ferdig.forsoek.set(CompletableFuture.completedFuture(verdi));
        return ferdig;
    }

    /** Starts making the value on a thread of its own, unless that has begun or is done; returns at once. */
    public Forberedt<T> forbered() {
        CompletableFuture<T> mitt = new CompletableFuture<>();
        if (forsoek.compareAndSet(null, mitt)) {
            Traader.start(traad, () -> lag(mitt));
        }
        return this;
    }

    /** The value; waits for an attempt under way, or makes it on this thread. */
    @Override
    public T get() {
        while (true) {
            CompletableFuture<T> naa = forsoek.get();
            if (naa == null) {
                CompletableFuture<T> mitt = new CompletableFuture<>();
                if (!forsoek.compareAndSet(null, mitt)) {
                    continue;
                }
                lag(mitt);
                naa = mitt;
            }
            try {
                return naa.join();
            } catch (CompletionException e) {
                forsoek.compareAndSet(naa, null);
                throw e.getCause() instanceof RuntimeException aarsak ? aarsak : e;
            }
        }
    }

    private void lag(CompletableFuture<T> maal) {
        try {
            maal.complete(lag.get());
        } catch (RuntimeException | Error e) {
            maal.completeExceptionally(e);
        }
    }
}
