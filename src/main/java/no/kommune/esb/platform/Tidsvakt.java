package no.kommune.esb.platform;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A time limit on a blocking call the platform cannot give one itself (a JMS send the broker holds back, an SFTP write
 * the server never finishes): the calling thread is interrupted once {@code grense} has passed without {@link
 * #framgang() progress}, and again each quarter of it until the call ends (a client may swallow an interrupt that falls
 * while it waits, as JSch does for the server's window). {@link #close()} at the call's end: no interrupt comes after
 * it, and one it made is cleared, so the thread's next task is not hit by it. Closing the resource under the call
 * instead let a held JMS send through now and then, and an SFTP client holds the lock its disconnect needs.
 * Used by {@code hendelser.flyt.JmsLevering}, {@code platform.sftp.SftpSkriving}, {@code platform.sftp.BegrensetSftpOperasjoner}
 * and {@code forsendelse.mottak.JschSftpTilgang}.
 */
public final class Tidsvakt implements AutoCloseable {

    private final Thread kaller;
    private final long grenseNanos;
    private final ScheduledFuture<?> jobb;
    private volatile long sist = System.nanoTime();
    private boolean ferdig;
    private boolean utloept;

    private Tidsvakt(ScheduledExecutorService vaktmester, Thread kaller, Duration grense) {
        this.kaller = kaller;
        this.grenseNanos = grense.toNanos();
        long hver = Math.max(10, grense.toMillis() / 4);
        this.jobb = vaktmester.scheduleWithFixedDelay(this::sjekk, hver, hver, TimeUnit.MILLISECONDS);
    }

    /** A limit of {@code grense} without progress on the calling thread's next call, checked on {@code vaktmester}. */
    public static Tidsvakt start(ScheduledExecutorService vaktmester, Duration grense) {
        return new Tidsvakt(vaktmester, Thread.currentThread(), grense);
    }

    /** The call made progress (a read of what it sends): the limit counts from now. */
    public void framgang() {
        sist = System.nanoTime();
    }

    /** {@code in}, each read of it counted as {@link #framgang() progress}: what a write sends, read as it goes out. */
    public InputStream maalt(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                framgang();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                framgang();
                return super.read(b, off, len);
            }
        };
    }

    private synchronized void sjekk() {
        if (!ferdig && System.nanoTime() - sist > grenseNanos) {
            utloept = true;
            kaller.interrupt();
        }
    }

    /** Whether the limit passed and the calling thread was interrupted. */
    public synchronized boolean utloept() {
        return utloept;
    }

    /** The call is over: no interrupt after this, and none left on the thread. */
    @Override
    public void close() {
        jobb.cancel(false);
        synchronized (this) {
            ferdig = true;
        }
        if (utloept()) {
            Thread.interrupted();
        }
    }
}
