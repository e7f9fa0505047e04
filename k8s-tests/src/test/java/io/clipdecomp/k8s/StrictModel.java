package io.clipdecomp.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deserializes a manifest into an operator's own model classes and finds the properties those classes did not
 * know. Strimzi's and fabric8's classes keep unknown properties in an {@code additionalProperties} map (a JSON
 * any-setter) instead of failing, so {@code FAIL_ON_UNKNOWN_PROPERTIES} alone lets a misspelt key through: the
 * maps are searched, through the whole object tree.
 */
final class StrictModel {

    private StrictModel() {
    }

    /** {@code node} as a {@code type}; a field of the wrong type fails. */
    static <T> T read(JsonNode node, Class<T> type) {
        try {
            return Manifests.STRICT_YAML.treeToValue(node, type);
        } catch (Exception e) {
            throw new AssertionError("not a valid " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /** The paths (e.g. {@code spec.kafka.listners}) of every property of {@code model} that its classes lack. */
    static List<String> unknownProperties(Object model) {
        List<String> found = new ArrayList<>();
        walk(model, "", found, Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, found, seen));
            return;
        }
        if (!isModel(value.getClass())) {
            return;
        }
        for (Object key : additionalProperties(value).keySet()) {
            found.add(path.isEmpty() ? String.valueOf(key) : path.substring(1) + "." + key);
        }
        for (Class<?> c = value.getClass(); c != null && isModel(c); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("additionalProperties")
                        || f.getType().isPrimitive()) {
                    continue;
                }
                f.setAccessible(true);
                try {
                    walk(f.get(value), path + "." + f.getName(), found, seen);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + "." + f.getName(), e);
                }
            }
        }
    }

    private static boolean isModel(Class<?> c) {
        String name = c.getName();
        return name.startsWith("io.strimzi.") || name.startsWith("io.fabric8.");
    }

    private static Map<?, ?> additionalProperties(Object model) {
        try {
            Method getter = model.getClass().getMethod("getAdditionalProperties");
            Object map = getter.invoke(model);
            return map instanceof Map<?, ?> m ? m : Map.of();
        } catch (NoSuchMethodException none) {
            return Map.of();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the unknown properties of " + model.getClass().getName(), e);
        }
    }
}
