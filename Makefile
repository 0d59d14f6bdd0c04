# The Makefile only wraps Maven and the built jar.
JAR      := target/llamafarm-datasets.jar
APP      := target/app
MVN      := mvn -B -q
RUN_DIR  := runs/sample

.PHONY: build run test bench clean

## build: the runnable jar, its extracted layout and a class-data-sharing archive (fast start-up)
build: $(APP)/app.jsa

$(JAR): pom.xml $(shell find src db -type f 2>/dev/null)
	$(MVN) -DskipTests package

$(APP)/app.jsa: $(JAR)
	rm -rf $(APP)
	java -Djarmode=tools -jar $(JAR) extract --destination $(APP)
	# one training run that starts the whole stack, recorded into the archive
	java -XX:ArchiveClassesAtExit=$(APP)/app.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
	  -jar $(APP)/llamafarm-datasets.jar jobs list --db jdbc:h2:mem:cds > /dev/null

## run: the main job on the embedded defaults, over the bundled sample dataset
run: build
	bin/llamafarm datasets convert --input samples/alpaca_sample.json --to sharegpt \
	  --config jobs-config/convert_alpaca_to_sharegpt.json --output $(RUN_DIR)/sharegpt.jsonl
	bin/llamafarm datasets split --input $(RUN_DIR)/sharegpt.jsonl --train 0.8 --val 0.1 --test 0.1 \
	  --shuffle --seed 7 --group-by category --output $(RUN_DIR)/split

## test: unit, job, restart (kill -9) and PostgreSQL tests
test:
	mvn -B verify

## bench: throughput and peak memory against a baseline measured in the same run
bench: build
	bash bench/run.sh

clean:
	$(MVN) clean
	rm -rf runs
