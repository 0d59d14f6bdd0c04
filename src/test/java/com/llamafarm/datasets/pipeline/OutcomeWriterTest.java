package com.llamafarm.datasets.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class OutcomeWriterTest {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<ObjectNode> written = new ArrayList<>();

	private final List<ObjectNode> rejected = new ArrayList<>();

	private OutcomeWriter writer(long skipLimit) {
		return new OutcomeWriter(collect(this.written), collect(this.rejected), new StepCounts("convert", this.meters),
				skipLimit, "rejects.jsonl");
	}

	private static ItemStreamWriter<ObjectNode> collect(List<ObjectNode> into) {
		return chunk -> chunk.forEach(into::add);
	}

	private static ObjectNode record(String text) {
		return JsonNodeFactory.instance.objectNode().put("text", text);
	}

	private static Outcome.Rejected reject(String reason, boolean badInput) {
		return new Outcome.Rejected(record(reason).put("message", "line 1: " + reason), reason, badInput);
	}

	@Test
	void countsReadWrittenRejectedAndRulesPerReasonInTheContextAndInMicrometer() throws Exception {
		OutcomeWriter writer = writer(-1);
		ExecutionContext context = new ExecutionContext();
		writer.open(context);

		writer.write(Chunk.of(new Outcome.Accepted(record("a"), Map.of("system_prompt_prepended", 1)),
				new Outcome.Accepted(record("b"), Map.of()), reject("malformed_json", true),
				reject("field_too_long", false), reject("malformed_json", true)));
		writer.update(context);

		assertThat(this.written).hasSize(2);
		assertThat(this.rejected).hasSize(3);
		assertThat(StepCounts.of(context)).containsEntry("read.all", 5L)
			.containsEntry("written.ok", 2L)
			.containsEntry("rejected.malformed_json", 2L)
			.containsEntry("rejected.field_too_long", 1L)
			.containsEntry("rule.system_prompt_prepended", 1L);
		assertThat(this.meters.get("llamafarm.records")
			.tags("step", "convert", "outcome", "rejected", "reason", "malformed_json")
			.counter()
			.count()).isEqualTo(2.0);
		assertThat(this.meters.get("llamafarm.records").tags("outcome", "written").counter().count()).isEqualTo(2.0);
		assertThat(this.meters.get("llamafarm.records").tags("outcome", "read").counter().count()).isEqualTo(5.0);
	}

	@Test
	void countsResumeFromTheContextAfterARestart() throws Exception {
		ExecutionContext context = new ExecutionContext();
		OutcomeWriter first = writer(-1);
		first.open(context);
		first.write(Chunk.of(new Outcome.Accepted(record("a"), Map.of()), reject("wrong_type", true)));
		first.update(context);

		OutcomeWriter restarted = writer(-1);
		restarted.open(new ExecutionContext(context.toMap()));
		restarted.write(Chunk.of(new Outcome.Accepted(record("b"), Map.of())));
		ExecutionContext after = new ExecutionContext();
		restarted.update(after);

		assertThat(StepCounts.of(after)).containsEntry("written.ok", 2L).containsEntry("rejected.wrong_type", 1L);
	}

	@Test
	void badInputPastTheSkipLimitFailsButRuleRejectionsDoNot() throws Exception {
		OutcomeWriter writer = writer(1);
		writer.open(new ExecutionContext());
		writer.write(Chunk.of(reject("field_too_long", false), reject("field_too_long", false),
				reject("malformed_json", true)));

		assertThatThrownBy(() -> writer.write(Chunk.of(reject("invalid_utf8", true))))
			.isInstanceOf(OutcomeWriter.SkipLimitExceededException.class)
			.hasMessageContaining("more than 1 bad input records")
			.hasMessageContaining("line 1: invalid_utf8")
			.hasMessageContaining("rejects.jsonl");
	}

	@Test
	void routesAcceptedRecordsToTheirTargetAndCountsBucketsUnderTheirSplit() throws Exception {
		List<ObjectNode> train0 = new ArrayList<>();
		List<ObjectNode> train1 = new ArrayList<>();
		List<ObjectNode> test = new ArrayList<>();
		OutcomeWriter writer = new OutcomeWriter(
				Map.of("train#0", collect(train0), "train#1", collect(train1), "test", collect(test)),
				collect(this.rejected), new StepCounts("split", this.meters), -1, "rejects.jsonl");
		ExecutionContext context = new ExecutionContext();
		writer.open(context);

		writer.write(Chunk.of(new Outcome.Accepted(record("a"), Map.of(), "train#1"),
				new Outcome.Accepted(record("b"), Map.of(), "test"), new Outcome.Accepted(record("c"), Map.of(), "train#0")));
		writer.update(context);

		assertThat(train0).extracting(r -> r.get("text").asString()).containsExactly("c");
		assertThat(train1).extracting(r -> r.get("text").asString()).containsExactly("a");
		assertThat(test).extracting(r -> r.get("text").asString()).containsExactly("b");
		assertThat(StepCounts.of(context)).containsEntry("written.train", 2L).containsEntry("written.test", 1L);
	}

}
