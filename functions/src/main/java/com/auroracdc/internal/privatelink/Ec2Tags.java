package com.auroracdc.internal.privatelink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Our tags in EC2's shape (ELBv2 has a Tag class of its own, which the applier imports). */
final class Ec2Tags {
    private Ec2Tags() {
    }

    static Map<String, String> toMap(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    static List<Tag> of(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
