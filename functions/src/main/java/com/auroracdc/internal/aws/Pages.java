package com.auroracdc.internal.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every item of a paginated AWS list call, following its Marker or NextToken to the last page.
 *
 * <p>Used instead of the SDK's {@code *Paginator} methods: each paginator passes its request through a
 * generic {@code toBuilder()...build()} (to tag the user agent), and that one generic call makes the
 * package's shrinker (ProGuard, see {@code functions/proguard.pro}) keep every request class of every
 * service, which more than triples the deployment package.
 */
public final class Pages {
    private Pages() {
    }

    /**
     * @param call  one call for the given page token (null for the first page)
     * @param next  the page's token for the next page; null or empty on the last page
     * @param items the page's items
     */
    public static <P, T> List<T> all(Function<String, P> call, Function<P, String> next, Function<P, List<T>> items) {
        List<T> all = new ArrayList<>();
        String token = null;
        do {
            P page = call.apply(token);
            all.addAll(items.apply(page));
            token = next.apply(page);
        } while (token != null && !token.isEmpty());
        return all;
    }
}
