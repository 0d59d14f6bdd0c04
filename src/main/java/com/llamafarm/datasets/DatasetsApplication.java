package com.llamafarm.datasets;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Spring context the commands run their jobs in; {@link com.llamafarm.datasets.cli.Main} starts it. */
@SpringBootApplication
public class DatasetsApplication {

}
