package dev.kolejka.task.builtin;

import java.util.ArrayList;
import java.util.List;

import dev.kolejka.task.Task;
import dev.kolejka.task.TaskContext;
import dev.kolejka.task.TaskName;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The letters of each word, as in a pi mnemonic: "How I wish I could calculate pi" gives
 * [3,1,4,1,5,9,2]. Punctuation does not count, so "drink," is 5; a token without letters
 * or digits is not a word.
 */
@TaskName("word-lengths")
public record WordLengthsTask(@NotNull @Size(max = 100_000) String text) implements Task<List<Integer>> {

	@Override
	public List<Integer> run(TaskContext context) {
		var lengths = new ArrayList<Integer>();
		for (String word : this.text.split("\\s+")) {
			int letters = (int) word.codePoints().filter(Character::isLetterOrDigit).count();
			if (letters > 0) {
				lengths.add(letters);
			}
		}
		return lengths;
	}

}
