package com.llamafarm.datasets.split;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a dataset is split: the fractions, whether membership and order are shuffled, the seed, and
 * the metadata key whose records must stay together.
 */
public record SplitPlan(double train, double validation, double test, boolean shuffle, long seed, String groupBy) {

	public static final List<String> NAMES = List.of("train", "validation", "test");

	/** Records per shuffle bucket: a bucket is shuffled in memory, so this bounds the heap. */
	static final int BUCKET_RECORDS = 50_000;

	public SplitPlan {
		for (double f : new double[] { train, validation, test }) {
			if (!(f >= 0 && f <= 1)) {
				throw new IllegalArgumentException("each fraction must be between 0 and 1, got " + f);
			}
		}
		double sum = train + validation + test;
		if (Math.abs(sum - 1.0) > 1e-6) {
			throw new IllegalArgumentException(
					String.format("--train, --val and --test must add up to 1, they add up to %s", trim(sum)));
		}
	}

	private static String trim(double value) {
		return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

	double fraction(int split) {
		return switch (split) {
			case 0 -> this.train;
			case 1 -> this.validation;
			default -> this.test;
		};
	}

	/** Exact record counts per split for {@code total} records; they add up to {@code total}. */
	long[] counts(long total) {
		long train = Math.round(total * this.train);
		long validation = Math.min(total - train, Math.round(total * this.validation));
		long test = total - train - validation;
		if (this.test == 0 && test > 0) {
			validation += test;
			test = 0;
			if (this.validation == 0) {
				train += validation;
				validation = 0;
			}
		}
		return new long[] { train, validation, test };
	}

	/** Shuffle buckets for a split of {@code records}. */
	static int buckets(long records) {
		return (int) Math.max(1, (records + BUCKET_RECORDS - 1) / BUCKET_RECORDS);
	}

	/** A uniform number in [0,1) for the i-th record, from the seed alone: the same on a restart. */
	double uniform(long index, long salt) {
		return new SplittableRandom(this.seed * 0x9E3779B97F4A7C15L + index * 31 + salt).nextDouble();
	}

	/** The group key of a record: {@code metadata.KEY}, else the top-level {@code KEY}; null if neither. */
	String groupOf(ObjectNode record) {
		JsonNode value = record.path("metadata").get(this.groupBy);
		if (value == null || value.isNull()) {
			value = record.get(this.groupBy);
		}
		if (value == null || value.isNull() || value.isContainer()) {
			return null;
		}
		return value.asString();
	}

	/**
	 * The order of the {@code attempt}-th deal of groups to the splits: seeded shuffles, except
	 * that without shuffle the first deal keeps the first-seen order.
	 */
	List<String> dealingOrder(List<String> groups, int attempt) {
		List<String> order = new ArrayList<>(groups);
		if (this.shuffle || attempt > 0) {
			java.util.Collections.shuffle(order, new java.util.Random(this.seed * 1_000_003L + attempt));
		}
		return order;
	}

}
