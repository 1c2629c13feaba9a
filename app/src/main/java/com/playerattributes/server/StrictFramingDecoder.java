package com.playerattributes.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Vert.x's HTTP/1.x request decoder, refusing request framing that allows request smuggling (RFC 9112 §6.1, §6.3):
 * a {@code Transfer-Encoding} other than exactly {@code chunked} (Netty would ignore e.g. {@code gzip} and read the
 * body as the next request), and {@code Transfer-Encoding} together with {@code Content-Length}.
 *
 * <p>The check has to sit in the decoder: for an HTTP/1.1 request with both headers, Netty's
 * {@code HttpObjectDecoder.handleTransferEncodingChunkedWithContentLength} removes {@code Content-Length} before the
 * request reaches Vert.x, so a request handler sees a plain chunked request. This runs in
 * {@link #isContentAlwaysEmpty}, which Netty calls once the headers are parsed and before it strips anything or
 * reads any body byte. A refused request is marked as failed decoding (Vert.x hands it to the invalid-request
 * handler, which answers 400 and closes) and as {@code Connection: close} (Vert.x drops every later message on the
 * connection); its body is never read.
 */
final class StrictFramingDecoder extends VertxHttpRequestDecoder {
    private static final Logger log = LoggerFactory.getLogger(StrictFramingDecoder.class);
    private static volatile boolean warned;

    /** The decoder's name in Vert.x's pipeline. */
    static final String NAME = "httpDecoder";

    /** The decoder's failure for a refused request; its message is the client-facing one. */
    static final class BadFramingException extends IllegalArgumentException {
        BadFramingException(String message) {
            super(message);
        }
    }

    StrictFramingDecoder(HttpServerOptions options) {
        super(options);
    }

    /**
     * Puts this decoder in place of Vert.x's on a new HTTP/1.x connection. Called from the connection handler,
     * which Vert.x runs while it sets up the channel, before any byte is read.
     */
    static void install(HttpConnection connection, HttpServerOptions options) {
        if (!(connection instanceof ConnectionBase base)) {
            return;
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        ChannelHandler current = pipeline.get(NAME);
        if (current != null && current.getClass() == VertxHttpRequestDecoder.class) {
            pipeline.replace(NAME, NAME, new StrictFramingDecoder(options));
        } else if (current != null && !(current instanceof StrictFramingDecoder) && !warned) {
            warned = true; // a Vert.x upgrade changed its pipeline: the guard is off, say so once
            log.warn("request-smuggling guard not installed: unexpected HTTP decoder {}", current.getClass().getName());
        }
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        String problem = framingProblem(msg.headers());
        if (problem == null) {
            return super.isContentAlwaysEmpty(msg);
        }
        msg.setDecoderResult(DecoderResult.failure(new BadFramingException(problem)));
        msg.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return true; // read no body: everything after the head is left to the connection's close
    }

    /** Why a request's framing headers are refused, or null if they are fine. */
    static String framingProblem(HttpHeaders headers) {
        if (!headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) { // every plain request: no list allocated
            return null;
        }
        List<String> encodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (encodings.size() != 1 || !encodings.get(0).trim().equalsIgnoreCase("chunked")) {
            return "Transfer-Encoding '" + PlayerIds.printable(String.join(", ", encodings))
                    + "' is not supported; only 'chunked' is";
        }
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return "a request must not carry both Transfer-Encoding and Content-Length";
        }
        return null;
    }
}
