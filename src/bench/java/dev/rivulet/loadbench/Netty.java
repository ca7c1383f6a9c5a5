package dev.rivulet.loadbench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The load generator's event loops (Netty, already on the class path through Reactor Netty): native
 * epoll where available, NIO otherwise. Event loops rather than a thread per stream because both
 * sides of the load generator share the machine with the system they measure: thousands of streams
 * must cost it little CPU and few context switches.
 */
final class Netty {

    private Netty() {
    }

    static boolean epoll() {
        return Epoll.isAvailable();
    }

    static EventLoopGroup group(String name, int threads) {
        IoHandlerFactory factory = epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    static Class<? extends ServerChannel> serverChannel() {
        return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static Class<? extends SocketChannel> channel() {
        return epoll() ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
